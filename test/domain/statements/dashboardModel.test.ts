import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartnerStatement } from '../../../src/domain/bills/partnerStatement';
import type { CheckResult } from '../../../src/domain/reconcile/checkResult';
import { buildDashboardModel } from '../../../src/domain/statements/dashboard/dashboardModel';
import { renderDashboardHtml } from '../../../src/domain/statements/renderDashboardHtml';

const CASES = join(__dirname, '../../../fixtures/cases');
const partner = (path: string) => JSON.parse(readFileSync(join(CASES, path), 'utf8')) as PartnerStatement;

const check = (status: CheckResult['status'], name: string, records: string[] = []): CheckResult =>
  ({ check: name, status, subject: 's', expected: '', actual: '', difference: '', records });

describe('period dashboard', () => {
  const d1 = partner('distributor-switch/expected/partners/D1/statement.json');
  const r1 = partner('distributor-switch/expected/partners/R1/statement.json');
  const model = buildDashboardModel({
    period: '2026-10', revision: 1, zone: 'Asia/Shanghai',
    partners: [{ base: 'partners/D1/statement', statement: d1 }, { base: 'partners/R1/statement', statement: r1 }],
    settlements: [], incentives: [],
    checks: [check('ok', 'a'), check('warn', 'b', ['R9']), check('fail', 'c', Array.from({ length: 25 }, (_, i) => `R${i}`))],
    history: [
      { period: '2026-09', currency: 'CNY', totals: { consumption: '10.10', refunds: '-1.00', amount_due: '9.10' } },
      { period: '2026-09', currency: 'CNY', totals: { consumption: '0.05', refunds: '0.00', amount_due: '0.05' } },
      { period: '2026-08', currency: 'USD', totals: { consumption: '3.00', refunds: '0.00', amount_due: '3.00' } },
    ],
    managers: [],
  });

  it('charts every closed month per currency, oldest first, each the exact sum of its bills', () => {
    expect(model.trend.map((t) => [t.currency, t.months.map((m) => m.period)])).toEqual([['CNY', ['2026-09', '2026-10']], ['USD', ['2026-08']]]);
    expect(model.trend[0]!.months[0]).toEqual({ period: '2026-09', consumption: '10.15', refunds: '-1.00', amount_due: '9.15' });
    const oct = model.trend[0]!.months[1]!;
    expect(oct.consumption).toBe((Number(d1.totals.consumption) + Number(r1.totals.consumption)).toFixed(2));
  });

  it('gives payable vs paid per bill, and lists failed checks before warned ones', () => {
    const line = model.paid[0]!;
    expect(Number(line.payable)).toBeCloseTo(Number(d1.totals.consumption) + Number(d1.totals.refunds), 6);
    expect(Number(line.paid)).toBeCloseTo(Number(line.payable) - Number(d1.coupons.from_records), 6);
    expect(model.issues.map((c) => c.status)).toEqual(['fail', 'warn']);
    expect(model.checkCounts).toEqual({ ok: 1, warn: 1, fail: 1 });
    const html = renderDashboardHtml(model);
    expect(html).toContain('R19 … (+5, reconciliation.csv)');
    expect(html).toContain('href="partners/D1/statement.html"');
  });
});
