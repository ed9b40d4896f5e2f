import { describe, expect, it } from 'vitest';
import { PartnerBillBuilder } from '../../../src/domain/bills/partnerBillBuilder';
import type { PartnerStatement } from '../../../src/domain/bills/partnerStatement';
import {
  renderPartnerStatementCsv, renderPartnerStatementJson, renderPartnerStatementText,
} from '../../../src/domain/statements/renderPartnerStatement';
import { association, fee, partner } from '../bills/billFixtures';

function statement(names: string[]): PartnerStatement {
  const builder = new PartnerBillBuilder({
    partnerId: 'D', period: '2026-10', partners: [partner('D', ['distributor'], '', '经销商 D'), partner('R1', ['reseller'], 'D')],
    primaryCurrency: 'CNY', coupons: [], creditBroughtForward: {},
  });
  names.forEach((name, i) => {
    const id = `C${i + 1}`;
    builder.add(fee({ recordId: `F${i}`, customerId: id, customerName: name, payable: '12.345', tradeId: `T${i}` }), association(id, i % 2 ? 'R1' : 'D'));
  });
  return builder.finish()[0]!;
}

describe('partner statement rendering', () => {
  const names = ['=HYPERLINK("http://evil.example","click")', '-1+2', '北京某某科技有限公司', 'plain, with comma'];

  it('gives the same bytes for the same input', () => {
    const a = statement(names);
    const b = statement(names);
    for (const render of [renderPartnerStatementJson, renderPartnerStatementCsv, renderPartnerStatementText]) expect(render(b)).toBe(render(a));
  });

  it('writes the contract fields first, in their documented order', () => {
    const parsed = JSON.parse(renderPartnerStatementJson(statement(names))) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(0, 6)).toEqual(['period', 'revision', 'partner_id', 'currency', 'totals', 'customers']);
    expect(Object.keys(parsed.totals as object).slice(0, 8)).toEqual([
      'consumption', 'refunds', 'adjustments', 'corrections', 'settlement', 'coupons_used', 'amount_due', 'credit_carried',
    ]);
    const customers = parsed.customers as Record<string, unknown>[];
    expect(Object.keys(customers[0]!).slice(0, 4)).toEqual(['customer_id', 'consumption', 'refunds', 'adjustments']);
    expect(customers[0]!.consumption).toBe('12.35');
  });

  it('restores the fixed key order of a statement stored with its keys shuffled', () => {
    const s = statement(names);
    const reversed = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).reverse());
    const shuffled = { ...reversed(s), totals: reversed(s.totals), customers: s.customers.map(reversed) } as unknown as PartnerStatement;
    expect(renderPartnerStatementJson(shuffled)).toBe(renderPartnerStatementJson(s));
  });

  it('escapes customer names that a spreadsheet would run as formulas, keeps amounts numeric', () => {
    const csv = renderPartnerStatementCsv(statement(names));
    expect(csv.startsWith('\uFEFFsection,key,label,detail,consumption')).toBe(true);
    expect(csv).toContain(`customer,C1,"'=HYPERLINK(""http://evil.example"",""click"")",resale,12.35,0.00,0.00,,,,1\r\n`);
    expect(csv).toContain(`customer,C2,'-1+2,resale via R1,12.35,0.00,0.00,,,,1\r\n`);
    expect(csv).toContain('customer,C3,北京某某科技有限公司,resale,12.35');
    expect(csv).toContain('customer,C4,"plain, with comma",resale via R1,');
    expect(csv).toContain('customer.rounding_residual,,rounding residual,,-0.02,0.00,0.00');
    expect(csv).toContain('totals,amount_due,amount due,,,,,,,49.38,');
  });

  it('renders a plain-text view with aligned totals and no control characters from the data', () => {
    const text = renderPartnerStatementText(statement([...names, 'line\nbreak']));
    expect(text.split('\n')[0]).toBe('Partner bill 2026-10, revision 1, currency CNY');
    expect(text).toContain('Partner: D (经销商 D)');
    expect(text).toMatch(/Amount due\s+61\.73\n/);
    expect(text).toContain('line break');
    expect(text.endsWith('\n')).toBe(true);
  });
});
