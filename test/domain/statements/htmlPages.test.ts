import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartnerStatement } from '../../../src/domain/bills/partnerStatement';
import type { IncentiveStatement } from '../../../src/domain/incentives/incentiveStatement';
import type { SettlementStatement } from '../../../src/domain/marketplace/settlementStatement';
import { formatAmount, isNegativeAmount } from '../../../src/domain/statements/html/formatAmount';
import { filesBeside } from '../../../src/domain/statements/html/pageOptions';
import { renderIncentiveHtml } from '../../../src/domain/statements/renderIncentiveHtml';
import { renderPartnerStatementHtml } from '../../../src/domain/statements/renderPartnerStatementHtml';
import { renderSettlementHtml } from '../../../src/domain/statements/renderSettlementHtml';
import { renderDashboardHtml } from '../../../src/domain/statements/renderDashboardHtml';
import { buildDashboardModel } from '../../../src/domain/statements/dashboard/dashboardModel';
import { ManagerCustomerSums } from '../../../src/domain/managers/managerCustomers';
import { renderManagerHtml } from '../../../src/domain/statements/renderManagerView';
import { association, fee } from '../bills/billFixtures';

const CASES = join(__dirname, '../../../fixtures/cases');
const load = <T>(path: string): T => JSON.parse(readFileSync(join(CASES, path), 'utf8')) as T;

/** Statements with every kind of section: a distributor's bill, a settlement with refunds and a cascade, an incentive with tiers. */
const partner = () => load<PartnerStatement>('distributor-switch/expected/partners/D1/statement.json');
const settlement = () => load<SettlementStatement>('marketplace-split/expected/merchants/M1/settlement.json');
const incentive = () => load<IncentiveStatement>('incentive-tiers/expected/incentives/S1/incentive.json');

const HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', "' onmouseover='alert(1)"];

/** Every text value of a document that is not a figure gets a hostile prefix (names, ids, codes, labels, notes). */
function poisoned<T>(value: T, payload: string): T {
  if (typeof value === 'string') return (/^-?\d/.test(value) ? value : `${payload}${value}`) as T;
  if (Array.isArray(value)) return value.map((v) => poisoned(v, payload)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, payload)])) as T;
  }
  return value;
}

const PAGES: [string, (payload: string) => string][] = [
  ['dashboard', (p) => renderDashboardHtml(buildDashboardModel({
    period: '2026-10', revision: 1, zone: 'Asia/Shanghai',
    partners: [{ base: `partners/${p}X/statement`, statement: poisoned(partner(), p) }],
    settlements: [{ base: 'merchants/M1/settlement', statement: poisoned(settlement(), p) }],
    incentives: [{ base: 'incentives/S1/incentive', statement: poisoned(incentive(), p) }],
    checks: [{ check: 'record.period', status: 'warn', subject: `${p}subject`, expected: p, actual: p, difference: '', records: [`${p}R1`] }],
    history: [{ period: '2026-09', currency: `${p}CNY`, totals: { consumption: '1.00', refunds: '0.00', amount_due: '1.00' } }],
    managers: [{ folder: 'managers/AM1', view: { period: '2026-10', revision: 1, account_manager_id: `${p}AM`, lines: [], totals: [] } }],
  }))],
  ['manager view', (p) => {
    const sums = new ManagerCustomerSums();
    sums.add(fee({ customerId: `${p}C1`, customerName: `${p}name`, payable: '5', serviceTypeCode: `${p}svc` }), { ...association(`${p}C1`, 'P1'), accountManagerId: `${p}AM` });
    return renderManagerHtml(sums.views('2026-10', 1)[0]!);
  }],
  ['partner bill', (p) => renderPartnerStatementHtml(poisoned(partner(), p), filesBeside('statement', 'Asia/Shanghai'))],
  ['settlement', (p) => renderSettlementHtml(poisoned(settlement(), p), filesBeside('settlement', 'Asia/Shanghai'))],
  ['incentive', (p) => renderIncentiveHtml(poisoned(incentive(), p), filesBeside('incentive', 'Asia/Shanghai'))],
];

describe('HTML statement pages', () => {
  for (const [name, render] of PAGES) {
    it(`${name}: hostile names and ids are shown as text, never as markup, script or link`, () => {
      for (const payload of HOSTILE) {
        const html = render(payload);
        // The only elements are the page's own: no script, img, svg or event handler from the data.
        expect(html).not.toMatch(/<\s*(script|img|iframe|object)\b/i);
        // The dashboard's own charts are the only SVG.
        expect(html).not.toMatch(/<svg(?! xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="760")/i);
        // No event handler attribute: attribute values (quoted, escaped by the renderer) are set aside first.
        expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
        // Links stay relative: no scheme in any href, whatever an id holds.
        for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
        // The payload is there, as text.
        expect(html).toContain(payload.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'));
      }
    });
  }

  it('is self-contained: no script, no external resource, one inline stylesheet', () => {
    for (const [, render] of PAGES) {
      const html = render('');
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
      expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
      expect(html.match(/<style>/g)).toHaveLength(1);
      expect(html).toMatch(/@page \{ size: A4/);
    }
  });

  it('shows every total of the partner bill as statement.json has it, and links each customer to its lineage rows', () => {
    const s = partner();
    const html = renderPartnerStatementHtml(s, filesBeside('statement', 'Asia/Shanghai'));
    for (const value of Object.values(s.totals)) expect(html).toContain(`>${formatAmount(value)}</td>`);
    for (const c of s.customers) {
      expect(html).toContain(`>${c.customer_id}</td>`);
      expect(html).toContain(`href="statement.lineage.csv#${encodeURIComponent(`customers[${c.customer_id}]`)}"`);
    }
    expect(html).toContain('Asia/Shanghai');
    expect(html).toContain(`>${s.partner_name}<`);
  });

  it('lists the settlement cascade, deposit and invoice list, and the incentive invoice notice', () => {
    const s = settlement();
    const html = renderSettlementHtml(s, filesBeside('settlement', 'Asia/Shanghai'));
    for (const line of s.cascade) expect(html).toContain(`>${formatAmount(line.amount)}</td>`);
    expect(html).toContain(s.invoice_list.required ? '付款申请号' : '无需商家开票');
    const i = incentive();
    const page = renderIncentiveHtml(i, filesBeside('incentive', 'Asia/Shanghai'));
    expect(page).toContain(`>${formatAmount(i.totals.payable)}</td>`);
    expect(page).toContain(i.invoice.required ? '需要开票：是' : '需要开票：否');
  });
});

describe('formatAmount', () => {
  it('separates thousands without losing or changing a digit (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat({ max: 12 }), (units, scale) => {
      const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
      const text = `${units < 0n ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
      const shown = formatAmount(text);
      expect(shown.replace(/,/g, '')).toBe(text);
      expect(shown).toMatch(/^-?\d{1,3}(,\d{3})*(\.\d+)?$/);
      expect(isNegativeAmount(text)).toBe(units < 0n);
    }));
  });

  it('leaves text that is not a plain decimal as it is', () => {
    expect(formatAmount('1234567.891')).toBe('1,234,567.891');
    expect(formatAmount('-1000.00')).toBe('-1,000.00');
    expect(formatAmount('')).toBe('');
    expect(formatAmount('n/a')).toBe('n/a');
    expect(isNegativeAmount('-0.00')).toBe(false);
  });
});
