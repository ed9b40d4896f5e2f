import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CASES = join(__dirname, '../../fixtures/cases');
const statement = (c: string, partner: string, file = 'statement.json') =>
  JSON.parse(readFileSync(join(CASES, c, 'expected/partners', partner, file), 'utf8'));

describe('golden statements carry the figures computed by hand in fixtures/cases/README.md', () => {
  it('basic-resale: totals, customers and coupons of P1', () => {
    const s = statement('basic-resale', 'P1');
    expect(s.totals).toMatchObject({
      consumption: '150.67', refunds: '-10.00', adjustments: '-3.75', corrections: '0.00', settlement: '136.92',
      coupons_used: '29.00', amount_due: '107.92', credit_carried: '0.00',
    });
    expect(s.customers.map((c: Record<string, string>) => [c.customer_id, c.consumption, c.refunds, c.adjustments])).toEqual([
      ['C1', '100.33', '-10.00', '-5.00'],
      ['C2', '50.34', '0.00', '1.25'],
    ]);
    expect(s.referral.customers.map((c: Record<string, string>) => [c.customer_id, c.consumption])).toEqual([['C3', '7.00']]);
  });

  it('distributor-switch: the switch instant belongs to the new reseller; the distributor sums the chain', () => {
    expect(statement('distributor-switch', 'R1').totals.amount_due).toBe('32.00');
    expect(statement('distributor-switch', 'R2').totals.amount_due).toBe('41.00');
    const d1 = statement('distributor-switch', 'D1');
    expect(d1.totals.amount_due).toBe('98.50');
    expect(d1.resellers.lines.map((l: Record<string, string>) => [l.partner_id, l.settlement])).toEqual([
      ['D1', '25.50'], ['R1', '32.00'], ['R2', '41.00'],
    ]);
  });

  it('credit-and-residual: residual −0.01, credit 4.99 carried, a USD statement, an escaped formula', () => {
    const cny = statement('credit-and-residual', 'P3');
    expect(cny.totals).toMatchObject({ consumption: '0.02', amount_due: '0.00', credit_carried: '4.99', coupons_used: '5.00' });
    expect(cny.customers_rounding_residual.consumption).toBe('-0.01');
    expect(statement('credit-and-residual', 'P3', 'statement.USD.json').totals.amount_due).toBe('3.00');
    const csv = readFileSync(join(CASES, 'credit-and-residual/expected/partners/P3/statement.csv'), 'utf8');
    expect(csv).toContain(",'=cmd|calc,");
    expect(csv).not.toMatch(/,=cmd/);
  });
});
