import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExactSum, compareDecimal, fromScaled } from '../../../src/domain/money/exactDecimal';
import { IncentiveBuilder, originalRate, type IncentiveOptions } from '../../../src/domain/incentives/incentiveBuilder';
import type { IncentiveStatement } from '../../../src/domain/incentives/incentiveStatement';
import { incentiveSumChecks } from '../../../src/domain/reconcile/incentiveChecks';
import { renderIncentiveCsv } from '../../../src/domain/statements/renderIncentiveCsv';
import { renderIncentiveJson } from '../../../src/domain/statements/renderIncentiveJson';
import { renderIncentiveText } from '../../../src/domain/statements/renderIncentiveText';
import type { FeeAmounts, FeeRecord } from '../../../src/domain/records/types';
import { incentiveRecord, POLICIES, policy, solutionProvider } from './incentiveFixtures';

/**
 * Prior-period corrections on incentive statements (DOMAIN §3, §5.3): late records of a closed
 * period earn at the rate that period's statement applied; the tier is not evaluated again.
 */

const rec = (kind: 'consumption' | 'refund', id: string, billCycle: string, amounts: Partial<FeeAmounts>): FeeRecord =>
  incentiveRecord(kind, id, amounts, { billCycle });
const PARTNER = solutionProvider('bank');

/** What a closed statement of an earlier period shows, as far as corrections read it. */
function closed(performance: string, services: { code: string; policy: 0 | 1 | 2 | 13 | null; rate: string; tier: string | null; counts?: boolean }[]):
  Pick<IncentiveStatement, 'totals' | 'services'> {
  return {
    totals: {
      performance, base_incentive: '0.00', special_incentive: '0.00', carried_in: '0.00', payable: '0.00', carried_out: '0.00', period_result: '0.00', corrections: '0.00',
    },
    services: services.map((s) => ({
      service_type_code: s.code, policy: s.policy, policy_source: 'service', tier_min_period_performance: s.tier, rate: s.rate,
      performance: '0.00', consumption: '0.00', refunds: '0.00', incentive: '0.00', incentive_exact: '0', performance_exact: '0',
      counts_toward_tier: s.counts ?? true, records: 1,
    })),
  };
}

/** September reached ec2's upper tier (0.08) with 12 000.00; August did not (9 990.00, ec2 at 0.05). */
const ORIGINALS = new Map([
  ['2026-09', closed('12000.00', [{ code: 'ec2', policy: 0, rate: '0.08', tier: '10000.00' }, { code: 'cdn', policy: 2, rate: '0', tier: null, counts: false }])],
  ['2026-08', closed('9990.00', [{ code: 'ec2', policy: 0, rate: '0.05', tier: '0.00' }])],
]);

const options = (over: Partial<IncentiveOptions> = {}): IncentiveOptions => ({
  period: '2026-10', revision: 1, partner: PARTNER, policies: POLICIES, specials: [], carriedIn: undefined, originalStatements: ORIGINALS, ...over,
});

describe('IncentiveBuilder: prior-period corrections', () => {
  it('a late record earns at the rate its closed period\'s statement applied, without re-evaluating that period\'s tier', () => {
    const b = new IncentiveBuilder(options());
    b.add(rec('consumption', '1', '2026-10', { cash: '1000' }), 'ec2', false);
    // August's total 9 990.00 + 5 000.00 late would cross 10 000: the rate stays August's 0.05.
    b.addCorrection(rec('consumption', 'L1', '2026-08', { cash: '5000', coupon: '300' }), 'ec2', '2026-08');
    b.addCorrection(rec('consumption', 'L2', '2026-09', { credit: '1000.10' }), 'ec2', '2026-09');
    const s = b.finish();
    expect(s.corrections).toEqual([
      {
        original_period: '2026-08', service_type_code: 'ec2', performance: '5000.00', rate: '0.05', incentive: '250.00', records: 1,
        policy: 0, rate_source: 'statement', tier_min_period_performance: '0.00', performance_exact: '5000', incentive_exact: '250',
      },
      {
        original_period: '2026-09', service_type_code: 'ec2', performance: '1000.10', rate: '0.08', incentive: '80.01', records: 1,
        policy: 0, rate_source: 'statement', tier_min_period_performance: '10000.00', performance_exact: '1000.1', incentive_exact: '80.008',
      },
    ]);
    // This period's performance is its own: 1 000.00 at 0.05 = 50.00.
    expect(s.totals).toMatchObject({
      performance: '1000.00', base_incentive: '50.00', period_result: '50.00', corrections: '330.01', payable: '380.01', carried_out: '0.00',
    });
    expect(s.invoice).toMatchObject({ required: true, gross: '380.01' });
    expect(incentiveSumChecks([s]).map((c) => c.status)).toEqual(['ok']);
  });

  it('a service absent from the closed statement earns that period\'s policy at the statement\'s tier; policy 2, 13, no row and no statement earn 0', () => {
    const b = new IncentiveBuilder(options());
    b.addCorrection(rec('consumption', 'L1', '2026-09', { cash: '100' }), 'rds', '2026-09'); // rds until 2026-09: 0.10
    b.addCorrection(rec('consumption', 'L2', '2026-09', { cash: '100' }), 'vpc', '2026-09'); // * rows: 0.02
    b.addCorrection(rec('consumption', 'L3', '2026-09', { cash: '100' }), 'obs', '2026-09'); // 13: 0
    b.addCorrection(rec('consumption', 'L4', '2026-09', { cash: '100' }), 'cdn', '2026-09'); // on the statement, excluded: 0
    b.addCorrection(rec('consumption', 'L5', '2026-07', { cash: '100' }), 'ec2', '2026-07'); // no statement of July: 0
    const s = b.finish();
    expect(s.corrections.map((l) => [l.original_period, l.service_type_code, l.policy, l.rate_source, l.tier_min_period_performance, l.rate, l.incentive])).toEqual([
      ['2026-07', 'ec2', null, 'no_statement', null, '0', '0.00'],
      ['2026-09', 'cdn', 2, 'statement', null, '0', '0.00'],
      ['2026-09', 'obs', 13, 'policy', '0.00', '0', '0.00'],
      ['2026-09', 'rds', 1, 'policy', '0.00', '0.10', '10.00'],
      ['2026-09', 'vpc', 0, 'policy', '0.00', '0.02', '2.00'],
    ]);
    expect(s.totals.corrections).toBe('12.00');
    // A service with rows of no policy at all: nothing earned.
    expect(originalRate(ORIGINALS.get('2026-09'), [policy('ec2', 0, '0.05')], '2026-09', 'vpc')).toEqual({
      rate: '0', policy: null, rate_source: 'policy', tier_min_period_performance: null,
    });
    // Policy 2 of a service not on the statement: excluded.
    expect(originalRate(ORIGINALS.get('2026-08'), POLICIES, '2026-08', 'cdn')).toMatchObject({ rate: '0', policy: 2 });
  });

  it('a late refund claws back at its period\'s rate; pending = base + special + corrections + carried_in, only a positive one is paid', () => {
    const b = new IncentiveBuilder(options({ carriedIn: { amount: '-10.00', fromPeriod: '2026-09' } }));
    b.add(rec('consumption', '1', '2026-10', { cash: '2000' }), 'ec2', false); // 100.00
    b.addCorrection(rec('refund', 'L1', '2026-09', { cash: '-3000.05' }), 'ec2', '2026-09'); // × 0.08 = −240.004 → −240.00
    const s = b.finish();
    expect(s.corrections).toEqual([expect.objectContaining({ performance: '-3000.05', incentive: '-240.00', incentive_exact: '-240.004' })]);
    expect(s.totals).toMatchObject({ period_result: '100.00', corrections: '-240.00', carried_in: '-10.00', payable: '0.00', carried_out: '-150.00' });
    expect(s.invoice.required).toBe(false);
    expect(incentiveSumChecks([s]).map((c) => c.status)).toEqual(['ok']);
    const tampered: IncentiveStatement = { ...s, totals: { ...s.totals, corrections: '0.00' } };
    expect(incentiveSumChecks([tampered]).map((c) => c.subject)).toEqual(['incentive S1 corrections', 'incentive S1 carry']);
  });

  it('writes the corrections to incentive.json, .csv and .txt', () => {
    const b = new IncentiveBuilder(options());
    b.addCorrection(rec('consumption', 'L1', '2026-08', { cash: '200' }), 'ec2', '2026-08');
    const s = b.finish();
    const json = JSON.parse(renderIncentiveJson(s));
    expect(Object.keys(json.totals)).toEqual(['performance', 'base_incentive', 'special_incentive', 'carried_in', 'payable', 'carried_out', 'period_result', 'corrections']);
    expect(json.corrections).toEqual([{
      original_period: '2026-08', service_type_code: 'ec2', performance: '200.00', rate: '0.05', incentive: '10.00', records: 1,
      policy: 0, rate_source: 'statement', tier_min_period_performance: '0.00', performance_exact: '200', incentive_exact: '10',
    }]);
    const csv = renderIncentiveCsv(s);
    expect(csv).toContain('\r\ncorrection,ec2,late records of 2026-08,rate of the 2026-08 statement,2026-08,0,statement,,0.00,0.05,,,200.00,200,10.00,10,,,,,,,1\r\n');
    expect(csv).toContain('\r\ncorrection.total,,total,prior-period corrections,,,,,,,,,,,10.00,,,,,,,,\r\n');
    expect(csv).toContain('\r\ntotals,corrections,prior-period corrections,,,,,,,,,,,,,,,,,,,10.00,\r\n');
    const text = renderIncentiveText(s);
    expect(text).toContain('Prior-period corrections: late records of closed periods, booked here');
    expect(text).toContain('  balance       = period_result + corrections + carried_in (nothing brought forward)');
    expect(text).toContain('= 0.00 + 10.00 + 0.00 = 10.00');
    const plain = new IncentiveBuilder(options()).finish();
    expect(renderIncentiveText(plain)).not.toContain('Prior-period corrections');
    expect(plain.corrections).toEqual([]);
    expect(plain.totals.corrections).toBe('0.00');
  });
});

describe('IncentiveBuilder corrections (property)', () => {
  it('corrections = Σ lines rounded once each; payable + carried_out = period_result + corrections + carried_in; record order does not matter', () => {
    const amount = fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }).map((u) => fromScaled({ units: u, scale: 4 }));
    fc.assert(fc.property(
      fc.array(fc.record({ period: fc.constantFrom('2026-07', '2026-08', '2026-09'), service: fc.constantFrom('ec2', 'rds', 'obs', 'cdn', 'vpc'), amount }), { maxLength: 10 }),
      fc.array(fc.record({ service: fc.constantFrom('ec2', 'rds', 'vpc'), amount }), { maxLength: 4 }),
      fc.integer({ min: -100_000, max: 0 }),
      (lateDefs, ownDefs, carriedCents) => {
        const build = (order: 1 | -1) => {
          const b = new IncentiveBuilder(options({ carriedIn: { amount: fromScaled({ units: BigInt(carriedCents), scale: 2 }), fromPeriod: '2026-09' } }));
          const own = ownDefs.map((d, i) => [rec('consumption', `O${i}`, '2026-10', { cash: d.amount }), d.service] as const);
          const late = lateDefs.map((d, i) => [rec('consumption', `L${i}`, d.period, { cash: d.amount }), d.service, d.period] as const);
          for (const [r, service] of order === 1 ? own : [...own].reverse()) b.add(r, service, false);
          for (const [r, service, period] of order === 1 ? late : [...late].reverse()) b.addCorrection(r, service, period);
          return b.finish();
        };
        const s = build(1);
        const t = s.totals;
        const total = s.corrections.reduce((acc, l) => acc.add(l.incentive), new ExactSum()).value();
        expect(compareDecimal(total, t.corrections)).toBe(0);
        expect(s.corrections.reduce((n, l) => n + l.records, 0)).toBe(lateDefs.length);
        const pending = new ExactSum().add(t.period_result).add(t.corrections).add(t.carried_in).value();
        expect(compareDecimal(new ExactSum().add(t.payable).add(t.carried_out).value(), pending)).toBe(0);
        expect(compareDecimal(t.payable, '0')).toBeGreaterThanOrEqual(0);
        expect(compareDecimal(t.carried_out, '0')).toBeLessThanOrEqual(0);
        expect(incentiveSumChecks([s]).map((c) => c.status)).toEqual(['ok']);
        expect(build(-1)).toEqual(s);
      },
    ), { numRuns: 200 });
  });
});
