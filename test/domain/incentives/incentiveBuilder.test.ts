import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExactSum, compareDecimal, fromScaled } from '../../../src/domain/money/exactDecimal';
import { splitTax } from '../../../src/domain/money/rounding';
import { IncentiveBuilder, IncentiveDataError, type IncentiveOptions } from '../../../src/domain/incentives/incentiveBuilder';
import type { FeeAmounts, FeeRecord } from '../../../src/domain/records/types';
import { incentiveRecord, POLICIES, solutionProvider } from './incentiveFixtures';

const rec = (kind: 'consumption' | 'refund', id: string, service: string, amounts: Partial<FeeAmounts>): FeeRecord =>
  incentiveRecord(kind, id, amounts, { service });
const partner = solutionProvider;

const options = (over: Partial<IncentiveOptions> = {}): IncentiveOptions => ({
  period: '2026-10', revision: 1, partner: partner('bank'), policies: POLICIES, specials: [], carriedIn: undefined, ...over,
});

describe('IncentiveBuilder', () => {
  it('counts cash + credit + stored value + debt, applies policies and the tier of the total, excludes policy 2', () => {
    const b = new IncentiveBuilder(options());
    b.add(rec('consumption', '1', 'ec2', { cash: '6000', credit: '1000', coupon: '999', bonus: '5', writeoff: '7' }), 'ec2', false);
    b.add(rec('consumption', '2', 'rds', { storedValueCard: '2000', debt: '500' }), 'rds', false);
    b.add(rec('consumption', '3', 'obs', { cash: '1000' }), 'obs', false);
    b.add(rec('consumption', '4', 'cdn', { cash: '9999' }), 'cdn', false);
    b.add(rec('consumption', '5', 'vpc', { cash: '100' }), 'vpc', false);
    b.add(rec('refund', '6', 'ec2', { cash: '-500' }), 'ec2', false);
    const s = b.finish();
    // 6500 (ec2) + 2500 (rds) + 1000 (obs) + 100 (vpc, via *) = 10 100 ≥ 10 000: ec2's upper tier.
    expect(s.totals.performance).toBe('10100.00');
    expect(s.services.map((l) => [l.service_type_code, l.policy, l.policy_source, l.tier_min_period_performance, l.rate, l.performance, l.incentive, l.counts_toward_tier])).toEqual([
      ['cdn', 2, 'service', null, '0', '9999.00', '0.00', false],
      ['ec2', 0, 'service', '10000.00', '0.08', '6500.00', '520.00', true],
      ['obs', 13, 'service', '0.00', '0', '1000.00', '0.00', true],
      ['rds', 1, 'service', '0.00', '0.12', '2500.00', '300.00', true],
      ['vpc', 0, 'wildcard', '0.00', '0.02', '100.00', '2.00', true],
    ]);
    expect(s.totals).toMatchObject({ base_incentive: '822.00', special_incentive: '0.00', carried_in: '0.00', payable: '822.00', carried_out: '0.00' });
    // 822.00 / 1.06 = 775.4717 → 775.47; tax 46.53.
    expect(s.invoice).toMatchObject({ required: true, type: 'vat_special', gross: '822.00', rate: '0.06', net: '775.47', tax: '46.53', signing_entity: 'Cloud Co' });
  });

  it('applies special programs with their cap and nets a clawback carried in', () => {
    const b = new IncentiveBuilder(options({
      partner: partner('voucher_quota'),
      specials: [
        { partnerId: 'S1', program: 'launch', period: '2026-10', amount: '300', rate: '', basis: '', cap: '' },
        { partnerId: 'S1', program: 'growth', period: '2026-10', amount: '', rate: '0.10', basis: 'performance', cap: '150' },
        { partnerId: 'S1', program: 'new', period: '2026-10', amount: '', rate: '0.05', basis: 'new_customer_performance', cap: '' },
      ],
      carriedIn: { amount: '-1000.00', fromPeriod: '2026-09' },
    }));
    b.add(rec('consumption', '1', 'ec2', { cash: '2000' }), 'ec2', true);
    b.add(rec('consumption', '2', 'ec2', { cash: '1000' }), 'ec2', false);
    const s = b.finish();
    expect(s.special.map((l) => [l.program, l.computed, l.cap, l.capped, l.incentive])).toEqual([
      ['growth', '300.00', '150.00', true, '150.00'], ['launch', '300.00', null, false, '300.00'], ['new', '100.00', null, false, '100.00'],
    ]);
    // base 3000 × 0.05 = 150; special 550; result 700; −1000 carried in → −300 carried out, nothing payable.
    expect(s.totals).toMatchObject({ base_incentive: '150.00', special_incentive: '550.00', period_result: '700.00', carried_in: '-1000.00', payable: '0.00', carried_out: '-300.00' });
    expect(s.carried_in_from).toBe('2026-09');
    expect(s.invoice).toMatchObject({ required: false, gross: null, net: null });
    expect(s.invoice.note).toContain('voucher quota');
  });

  it('needs no invoice for a bank payout when nothing is payable (a clawback month)', () => {
    const b = new IncentiveBuilder(options({ carriedIn: { amount: '-50.00', fromPeriod: '2026-09' } }));
    b.add(rec('consumption', '1', 'ec2', { cash: '100' }), 'ec2', false);
    const s = b.finish();
    expect(s.totals).toMatchObject({ base_incentive: '5.00', payable: '0.00', carried_out: '-45.00' });
    expect(s.invoice).toMatchObject({ required: false, gross: null, note: expect.stringContaining('nothing is payable') });
  });

  it('parks a provider paid by bank without invoice data', () => {
    const b = new IncentiveBuilder(options({ partner: { ...partner('bank'), invoiceContent: '' } }));
    b.add(rec('consumption', '1', 'ec2', { cash: '100' }), 'ec2', false);
    expect(() => b.finish()).toThrow(IncentiveDataError);
  });
});

const centsArb = fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }).map((u) => fromScaled({ units: u, scale: 4 }));

describe('IncentiveBuilder properties', () => {
  it('net + tax = gross for every rate and amount', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom('0.03', '0.06'), (units, rate) => {
      const t = splitTax(fromScaled({ units, scale: 2 }), rate);
      expect(compareDecimal(new ExactSum().add(t.net).add(t.tax).value(), t.gross)).toBe(0);
    }));
  });

  it('the statement does not depend on record order, and payable + carried_out = result + carried_in', () => {
    const services = ['ec2', 'rds', 'obs', 'cdn', 'vpc'];
    fc.assert(fc.property(
      fc.array(fc.record({ service: fc.constantFrom(...services), cash: centsArb, debt: centsArb, refund: fc.boolean(), fresh: fc.boolean() }), { maxLength: 30 }),
      fc.integer({ min: 0, max: 10 ** 7 }),
      (rows, carried) => {
        const records = rows.map((r, i) => ({ r, record: rec(r.refund ? 'refund' : 'consumption', String(i), r.service, { cash: r.cash, debt: r.debt }) }));
        const build = (order: typeof records) => {
          const b = new IncentiveBuilder(options({ carriedIn: carried > 0 ? { amount: `-${fromScaled({ units: BigInt(carried), scale: 2 })}`, fromPeriod: '2026-09' } : undefined }));
          for (const { r, record } of order) b.add(record, r.service, r.fresh);
          return b.finish();
        };
        const s = build(records);
        expect(build([...records].reverse())).toEqual(s);
        const t = s.totals;
        expect(compareDecimal(new ExactSum().add(t.payable).add(t.carried_out).value(), new ExactSum().add(t.period_result).add(t.carried_in).value())).toBe(0);
        expect(compareDecimal(t.payable, '0')).toBeGreaterThanOrEqual(0);
        expect(compareDecimal(t.carried_out, '0')).toBeLessThanOrEqual(0);
        const counted = s.services.filter((l) => l.counts_toward_tier);
        expect(compareDecimal(new ExactSum().add(s.services_rounding_residual.performance).add(counted.reduce((a, l) => a.add(l.performance), new ExactSum()).value()).value(), t.performance)).toBe(0);
      },
    ), { numRuns: 200 });
  });
});
