import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CASES = join(__dirname, '../../fixtures/cases');
const statement = (c: string, partner: string, file = 'statement.json', period = '') =>
  JSON.parse(readFileSync(join(CASES, c, 'expected', period, 'partners', partner, file), 'utf8'));
/** `period` names the expected/<period>/ folder of a case that spans several periods. */
const settlement = (c: string, seller: string, period = '') =>
  JSON.parse(readFileSync(join(CASES, c, 'expected', period, 'merchants', seller, 'settlement.json'), 'utf8'));
const checks = (c: string, period = '') =>
  JSON.parse(readFileSync(join(CASES, c, 'expected', period, 'reconciliation.json'), 'utf8')).checks as Record<string, unknown>[];
const rowsOf = (c: string, check: string, period = '') =>
  checks(c, period).filter((r) => r.check === check && !String(r.subject).startsWith('no ')).map((r) => [r.status, r.subject, r.records]);
const products = (s: { products: Record<string, string>[] }) =>
  s.products.map((p) => [p.product_id, p.merchant_ratio, p.paid, p.merchant_share, p.platform_fee]);
const refunds = (s: { refunds: Record<string, string>[] }) =>
  s.refunds.map((r) => [r.record_id, r.original_period, r.merchant_ratio, r.ratio_source, r.paid, r.merchant_share, r.platform_fee]);
const cascade = (s: { cascade: Record<string, string | null>[] }) =>
  s.cascade.map((l) => [l.step, l.product_class, l.from_period, l.amount]);
const CASCADE_TOTALS = ['net', 'brought_forward', 'deducted_from_deposit', 'payback_receivable', 'payable', 'carried_forward'];
const cascadeTotals = (s: { totals: Record<string, string> }) => CASCADE_TOTALS.map((k) => s.totals[k]);
/** incentives/<partner>/incentive.json of a case (`period` as for settlement). */
const incentive = (c: string, partner: string, period = '') =>
  JSON.parse(readFileSync(join(CASES, c, 'expected', period, 'incentives', partner, 'incentive.json'), 'utf8'));
const INCENTIVE_TOTALS = ['performance', 'base_incentive', 'special_incentive', 'carried_in', 'payable', 'carried_out', 'period_result'];
const incentiveTotals = (s: { totals: Record<string, string> }) => INCENTIVE_TOTALS.map((k) => s.totals[k]);
const serviceLines = (s: { services: Record<string, unknown>[] }) => s.services.map((l) => [
  l.service_type_code, l.policy, l.policy_source, l.tier_min_period_performance, l.rate, l.consumption, l.refunds, l.performance, l.incentive,
  l.counts_toward_tier,
]);
const specialLines = (s: { special: Record<string, unknown>[] }) =>
  s.special.map((l) => [l.program, l.kind, l.rate, l.basis, l.basis_amount, l.computed, l.cap, l.capped, l.incentive]);
const invoiceOf = (s: { invoice: Record<string, unknown> }) =>
  [s.invoice.required, s.invoice.type, s.invoice.gross, s.invoice.rate, s.invoice.net, s.invoice.tax, s.invoice.content, s.invoice.signing_entity];
const checkFigures = (c: string, check: string, period = '') =>
  checks(c, period).filter((r) => r.check === check).map((r) => [r.status, r.subject, r.expected, r.actual, r.difference]);
const EC2 = 'hws.service.type.ec2';
const RDS = 'hws.service.type.rds';
const OBS = 'hws.service.type.obs';
const EBS = 'hws.service.type.ebs';
const SUPPORT = 'hws.service.type.support';
const SIGNING = 'Platform Cloud Computing Co. Ltd';

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

  it('distributor-switch funds: topup, allocations to and from the reseller, C10\'s balance returned when it leaves R1, two refused movements', () => {
    const activity = (partner: string) => statement('distributor-switch', partner, 'account-activity.json');
    const d1 = activity('D1');
    // D1: 1000.00 topped up − 300.00 to R1 − 250.00 to C11 + 50.00 back from R1 + 20.00 back from C11 = 520.00.
    expect(d1.totals).toMatchObject({ topups: '1000.00', reseller_allocated: '300.00', allocated: '250.00', reseller_reclaimed: '50.00', reclaimed: '20.00', closing_balance: '520.00' });
    // C11 spent K3 25.50 of its 250.00 − 20.00.
    expect(d1.customers).toEqual([{ customer_id: 'C11', opening_balance: '0.00', allocated: '250.00', reclaimed: '20.00', spent: '25.50', unbind_reclaimed: '0.00', closing_balance: '204.50' }]);
    const r1 = activity('R1');
    // C10 spent K1 30.00 and K6 2.00 (10-14 23:59:59) before leaving R1 at 10-15 00:00: 200.00 − 32.00 = 168.00 returns to R1;
    // K5 at 10-15 00:00 is R2's (its association starts then) and K2 is R2's too: not spent from R1's allocation.
    expect(r1.customers).toEqual([{ customer_id: 'C10', opening_balance: '0.00', allocated: '200.00', reclaimed: '0.00', spent: '32.00', unbind_reclaimed: '168.00', closing_balance: '0.00' }]);
    expect(r1.totals).toMatchObject({ received_from_distributor: '300.00', reclaimed_by_distributor: '50.00', allocated: '200.00', unbind_reclaimed: '168.00', closing_balance: '218.00' });
    expect(r1.movements.map((m: Record<string, string>) => [m.movement_id, m.operation, m.amount, m.balance_after])).toEqual([
      ['FM-02', 'received_from_distributor', '300.00', '300.00'], ['FM-03', 'allocate', '200.00', '100.00'],
      ['unbind-C10', 'unbind_reclaim', '168.00', '268.00'], ['FM-07', 'reclaimed_by_distributor', '50.00', '218.00'],
    ]);
    expect(r1.rejected.map((r: Record<string, string>) => [r.movement_id, r.code])).toEqual([['FM-06', 'fund.insufficient']]);
    expect(activity('R2').rejected.map((r: Record<string, string>) => [r.movement_id, r.code])).toEqual([['FM-05', 'fund.not_resale']]);
    expect(rowsOf('distributor-switch', 'funds.balance').map(([status]) => status)).toEqual(['ok', 'ok', 'ok']);
    // Vouchers: D1 issues 30.00 to C11 and reclaims all of it (C11 used none); R1's 20.00 to C10 returns when C10 leaves R1;
    // R1's second issue (40.00 of 30.00 left) and R2's to its referral C12 are refused.
    expect(d1.vouchers).toMatchObject({ quota: '100.00', issued: '30.00', reclaimed: '30.00', closing_used: '0.00', available: '100.00' });
    expect(r1.vouchers).toMatchObject({ quota: '50.00', issued: '20.00', unbind_reclaimed: '20.00', available: '50.00' });
    expect(r1.vouchers.rejected.map((r: Record<string, string>) => [r.event_id, r.code])).toEqual([['V-03', 'voucher.insufficient']]);
    expect(activity('R2').vouchers.rejected.map((r: Record<string, string>) => [r.event_id, r.code])).toEqual([['V-04', 'voucher.not_resale']]);
    expect(rowsOf('distributor-switch', 'vouchers.balance').map(([status]) => status)).toEqual(['ok', 'ok', 'ok']);
    expect(rowsOf('distributor-switch', 'funds.movement').map(([status, subject]) => [status, subject])).toEqual([
      ['warn', 'partner R1 CNY movement FM-06'], ['warn', 'partner R2 CNY movement FM-05'],
    ]);
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

  it('marketplace-split M1: tier reached and not, the half cent, a partial refund, an invoice line', () => {
    const m1 = settlement('marketplace-split', 'M1');
    expect(products(m1)).toEqual([
      ['P-BIG', '0.97', '120000.37', '116400.36', '3600.01'],
      ['P-JOINT', '0.9', '2000.00', '1800.00', '200.00'],
      ['P-SMALL', '0.95', '100.01', '95.01', '5.00'],
    ]);
    expect(m1.products[0].tier).toEqual({ min_monthly_paid: '100000.00', extra_merchant_share: '0.02' });
    expect(refunds(m1)).toEqual([['F1', '2026-10', '0.9', 'order', '-333.33', '-300.00', '-33.33']]);
    expect(m1.totals).toMatchObject({
      gross: '122100.38', merchant_share: '118295.37', platform_fee: '3805.01', refunds: '-333.33', refunds_reversed: '-300.00',
      net: '117995.37', brought_forward: '0.00', deducted_from_deposit: '0.00', payback_receivable: '0.00',
      payable: '117995.37', carried_forward: '0.00',
    });
    expect(cascade(m1)).toEqual([
      ['period_net', 'generic', '2026-10', '116495.37'], ['period_net', 'joint', '2026-10', '1500.00'],
      ['payable', 'generic', '2026-10', '116495.37'], ['payable', 'joint', '2026-10', '1500.00'],
    ]);
    expect(m1.deposit).toMatchObject({ opening: '10000.00', deducted: '0.00', remaining: '10000.00', source: 'merchant_deposits' });
    expect(m1.invoice_list.required).toBe(true);
    expect(m1.invoice_list.lines.map((l: Record<string, string>) => [l.product_class, l.amount, l.rate, l.net, l.tax])).toEqual([
      ['joint', '1500.00', '0.06', '1415.09', '84.91'],
    ]);
    expect(m1.invoice_list.lines[0].remark).toContain('对账期 2026-10');
    expect(m1.valid_orders).toBe(4);
  });

  it('marketplace-split M2: five-day netting, an unknown order, a class below the threshold carried forward', () => {
    const m2 = settlement('marketplace-split', 'M2');
    expect(products(m2)).toEqual([
      ['P-CUR', '0.8', '850.03', '680.02', '170.01'],
      ['P-GEN2', '0.95', '1412.34', '1341.72', '70.62'],
    ]);
    expect(refunds(m2)).toEqual([
      ['F2', '2026-10', '0.8', 'order', '-250.03', '-200.02', '-50.01'],
      ['F3', '2026-10', '0.95', 'order', '-150.00', '-142.50', '-7.50'],
      ['F4', '', '0.95', 'unknown_order', '-20.00', '-19.00', '-1.00'],
    ]);
    expect(m2.five_day_netting).toEqual([expect.objectContaining({
      trade_id: 'O-C2', order_paid: '250.03', order_merchant_share: '200.02', order_platform_fee: '50.01',
      refund_paid: '-250.03', refund_merchant_share: '-200.02', refund_platform_fee: '-50.01', net_paid: '0.00', net_merchant_share: '0.00',
    })]);
    expect(m2.totals).toMatchObject({
      gross: '2262.37', merchant_share: '2021.74', platform_fee: '240.63', refunds: '-420.03', refunds_reversed: '-361.52',
      refunds_platform_fee: '-58.51', net: '1660.22', brought_forward: '0.00', deducted_from_deposit: '0.00',
      payback_receivable: '0.00', payable: '1180.22', carried_forward: '480.00',
    });
    expect(cascade(m2)).toEqual([
      ['period_net', 'generic', '2026-10', '1180.22'], ['period_net', 'curated', '2026-10', '480.00'],
      ['payable', 'generic', '2026-10', '1180.22'], ['unpaid_carried_forward', 'curated', '2026-10', '480.00'],
    ]);
    expect(m2.carried).toEqual([{ kind: 'unpaid', product_class: 'curated', from_period: '2026-10', amount: '480.00' }]);
    expect(m2.invoice_list).toEqual({ required: false, lines: [] });
  });

  // TX-U1, TX-U2 (on-demand) and O-C1 are valid; O-G1 is unsubscribed and O-C2 undone by a five-day refund.
  it('marketplace-split M2: valid orders are 3 (unsubscribed O-G1 and five-day refunded O-C2 excluded)', () => {
    expect(settlement('marketplace-split', 'M2').valid_orders).toBe(3);
  });

  it('marketplace-split reconciliation: conservation, statement sums, the unknown order warned', () => {
    expect(rowsOf('marketplace-split', 'split.conservation')).toEqual([
      ['ok', 'merchant M1 CNY', []], ['ok', 'merchant M2 CNY', []],
    ]);
    expect(checks('marketplace-split').filter((r) => r.check === 'split.conservation').map((r) => r.actual)).toEqual(['122100.38', '2262.37']);
    expect(rowsOf('marketplace-split', 'statement.sum')).toEqual([
      ['ok', 'settlement M1 CNY', []], ['ok', 'settlement M2 CNY', []],
    ]);
    expect(rowsOf('marketplace-split', 'refund.original_ratio')).toEqual([['warn', 'merchant M2 CNY', ['F4']]]);
    expect(rowsOf('marketplace-split', 'refund.unmatched')).toEqual([['warn', 'refunds.csv: order O-GHOST', ['F4']]]);
  });

  it('marketplace-cascade 2026-08: the big order reaches the tier and is paid out', () => {
    const m3 = settlement('marketplace-cascade', 'M3', '2026-08');
    expect(products(m3)).toEqual([['Q-BIG', '0.97', '120000.00', '116400.00', '3600.00']]);
    expect(cascadeTotals(m3)).toEqual(['116400.00', '0.00', '0.00', '0.00', '116400.00', '0.00']);
    expect(m3.deposit).toMatchObject({ opening: '20000.00', remaining: '20000.00', source: 'merchant_deposits' });
  });

  it('marketplace-cascade 2026-09: the refund reverses at the 2026-08 ratio; the deficit is carried once; M4 stays below the threshold', () => {
    const m3 = settlement('marketplace-cascade', 'M3', '2026-09');
    expect(products(m3)).toEqual([['Q-BIG', '0.95', '1234.56', '1172.83', '61.73']]);
    expect(refunds(m3)).toEqual([['G1', '2026-08', '0.97', 'order', '-120000.00', '-116400.00', '-3600.00']]);
    expect(cascadeTotals(m3)).toEqual(['-115227.17', '0.00', '0.00', '0.00', '0.00', '-115227.17']);
    expect(cascade(m3)).toEqual([
      ['period_net', 'generic', '2026-09', '-115227.17'], ['deduction_carried_forward', null, '2026-09', '-115227.17'],
    ]);
    expect(m3.deposit).toMatchObject({ opening: '20000.00', deducted: '0.00', remaining: '20000.00', source: 'previous_settlement', source_period: '2026-08' });
    const m4 = settlement('marketplace-cascade', 'M4', '2026-09');
    expect(products(m4)).toEqual([['Q-JNT', '0.9', '700.00', '630.00', '70.00']]);
    expect(cascadeTotals(m4)).toEqual(['630.00', '0.00', '0.00', '0.00', '0.00', '630.00']);
    expect(m4.invoice_list.required).toBe(false);
    expect(rowsOf('marketplace-cascade', 'refund.unmatched', '2026-09')).toEqual([['ok', '1 refunds matched', []]]);
    expect(rowsOf('marketplace-cascade', 'refund.original_ratio', '2026-09')).toEqual([['ok', '1 marketplace refunds', []]]);
  });

  it('marketplace-cascade 2026-11 and 2026-12: the receivable is carried, shown and paid back; a payment beyond it is reported, not carried', () => {
    // 2026-11: no sales; M3 is settled for its open receivable: 93327.17 − 50000.00 paid back = 43327.17 still open.
    const nov = settlement('marketplace-cascade', 'M3', '2026-11');
    expect(nov.totals.payable).toBe('0.00');
    expect(nov.receivable).toEqual({
      brought_forward: '93327.17', new: '0.00', payments: [{ payment_id: 'PAYBACK-M3-1', amount: '50000.00' }], overpaid: '0.00', carried_forward: '43327.17',
    });
    // 2026-12: 43328.17 paid against 43327.17 open: cleared, 1.00 over (a warning, never a credit).
    const dec = settlement('marketplace-cascade', 'M3', '2026-12');
    expect(dec.receivable).toEqual({
      brought_forward: '43327.17', new: '0.00', payments: [{ payment_id: 'PAYBACK-M3-2', amount: '43328.17' }], overpaid: '1.00', carried_forward: '0.00',
    });
    expect(rowsOf('marketplace-cascade', 'receivable.overpaid', '2026-12')).toEqual([['warn', 'settlement M3 CNY', []]]);
    expect(rowsOf('marketplace-cascade', 'receivable.overpaid', '2026-11')).toEqual([]);
  });

  it('marketplace-cascade 2026-10: sales absorb part, the deposit part, the rest is payback; M4 reaches the threshold', () => {
    const m3 = settlement('marketplace-cascade', 'M3', '2026-10');
    expect(products(m3)).toEqual([['Q-BIG', '0.95', '2000.00', '1900.00', '100.00']]);
    expect(cascade(m3)).toEqual([
      ['deduction_brought_forward', null, '2026-09', '-115227.17'],
      ['period_net', 'generic', '2026-10', '1900.00'],
      ['deduction_absorbed', 'generic', '2026-09', '1900.00'],
      ['deducted_from_deposit', null, '2026-09', '20000.00'],
      ['payback_receivable', null, '2026-09', '93327.17'],
    ]);
    expect(cascadeTotals(m3)).toEqual(['1900.00', '-115227.17', '20000.00', '93327.17', '0.00', '0.00']);
    expect(m3.deposit).toMatchObject({ opening: '20000.00', deducted: '20000.00', remaining: '0.00', source_period: '2026-09' });
    expect(m3.carried).toEqual([]);
    // The payback is a receivable now: open until merchant-payments.csv settles it (2026-11, 2026-12).
    expect(m3.receivable).toEqual({ brought_forward: '0.00', new: '93327.17', payments: [], overpaid: '0.00', carried_forward: '93327.17' });
    expect([m3.totals.receivable_brought_forward, m3.totals.receivable_carried_forward]).toEqual(['0.00', '93327.17']);
    const m4 = settlement('marketplace-cascade', 'M4', '2026-10');
    expect(products(m4)).toEqual([['Q-JNT', '0.9', '500.05', '450.05', '50.00']]);
    expect(cascade(m4)).toEqual([
      ['unpaid_brought_forward', 'joint', '2026-09', '630.00'], ['period_net', 'joint', '2026-10', '450.05'],
      ['payable', 'joint', '2026-10', '1080.05'],
    ]);
    expect(cascadeTotals(m4)).toEqual(['450.05', '630.00', '0.00', '0.00', '1080.05', '0.00']);
    expect(m4.invoice_list.lines.map((l: Record<string, string>) => [l.product_class, l.amount, l.rate, l.net, l.tax])).toEqual([
      ['joint', '1080.05', '0.06', '1018.92', '61.13'],
    ]);
    for (const period of ['2026-08', '2026-09', '2026-10']) {
      const sums = rowsOf('marketplace-cascade', 'statement.sum', period);
      expect(sums.length, period).toBeGreaterThan(0);
      expect(sums.every(([status]) => status === 'ok'), period).toBe(true);
      expect(rowsOf('marketplace-cascade', 'split.conservation', period).every(([status]) => status === 'ok'), period).toBe(true);
    }
  });
  it('incentive-tiers S1: obs (policy 13) lifts ec2 to the 0.08 tier, the refund is booked to ec2, specials capped, a 6 % invoice', () => {
    const s1 = incentive('incentive-tiers', 'S1');
    expect(incentiveTotals(s1)).toEqual(['12333.58', '666.69', '650.00', '0.00', '1316.69', '0.00', '1316.69']);
    expect(serviceLines(s1)).toEqual([
      [EBS, 0, 'wildcard', '0.00', '0.02', '333.33', '0.00', '333.33', '6.67', true],
      [EC2, 0, 'service', '10000.00', '0.08', '7500.25', '-500.00', '7000.25', '560.02', true],
      [OBS, 13, 'service', '0.00', '0', '2500.00', '0.00', '2500.00', '0.00', true],
      [RDS, 1, 'service', '0.00', '0.04', '2500.00', '0.00', '2500.00', '100.00', true],
      [SUPPORT, 2, 'service', null, '0', '800.00', '0.00', '800.00', '0.00', false],
    ]);
    expect(s1.services.map((l: Record<string, unknown>) => [l.service_type_code, l.performance_exact, l.incentive_exact, l.records])).toEqual([
      [EBS, '333.333', '6.66666', 1], [EC2, '7000.25', '560.02', 4], [OBS, '2500', '0', 1], [RDS, '2500', '100', 1], [SUPPORT, '800', '0', 1],
    ]);
    expect(s1.services_rounding_residual).toEqual({ performance: '0.00', incentive: '0.00' });
    expect(specialLines(s1)).toEqual([
      ['growth-cap', 'rate', '0.05', 'performance', '12333.58', '616.68', '500.00', true, '500.00'],
      ['new-logo', 'rate', '0.1', 'new_customer_performance', '1500.00', '150.00', '200.00', false, '150.00'],
    ]);
    expect(s1.special_rounding_residual).toBe('0.00');
    expect(s1.carried_in_from).toBeNull();
    expect(invoiceOf(s1)).toEqual([true, 'vat_special', '1316.69', '0.06', '1242.16', '74.53', '信息技术服务-信息系统服务', SIGNING]);
  });

  it('incentive-tiers S2: policy 2 stays out of the tier total, the lower ec2 tier, a −0.01 residual, a fixed special, a 3 % invoice', () => {
    const s2 = incentive('incentive-tiers', 'S2');
    expect(incentiveTotals(s2)).toEqual(['5884.57', '236.88', '888.88', '0.00', '1125.76', '0.00', '1125.76']);
    expect(serviceLines(s2)).toEqual([
      [EBS, 0, 'wildcard', '0.00', '0.02', '0.01', '0.00', '0.01', '0.00', true],
      [EC2, 0, 'service', '0.00', '0.05', '4000.00', '-250.00', '3750.00', '187.50', true],
      [OBS, 13, 'service', '0.00', '0', '900.00', '0.00', '900.00', '0.00', true],
      [RDS, 1, 'service', '0.00', '0.04', '1234.57', '0.00', '1234.57', '49.38', true],
      [SUPPORT, 2, 'service', null, '0', '7000.00', '0.00', '7000.00', '0.00', false],
    ]);
    expect(s2.services.map((l: Record<string, unknown>) => l.incentive_exact)).toEqual(['0.0001', '187.5', '0', '49.3826', '0']);
    expect(s2.services_rounding_residual).toEqual({ performance: '-0.01', incentive: '0.00' });
    expect(specialLines(s2)).toEqual([['launch-fund', 'amount', null, null, null, '888.88', null, false, '888.88']]);
    expect(invoiceOf(s2)).toEqual([true, 'vat_special', '1125.76', '0.03', '1092.97', '32.79', '信息技术服务-技术服务费', SIGNING]);
  });

  it('incentive-tiers reconciliation: performance, tier, cap and statement.sum ok; the record before the association warned', () => {
    const c = 'incentive-tiers';
    expect(checkFigures(c, 'incentive.performance')).toEqual([
      ['ok', 'incentive S1', '12333.58', '12333.58', '0.00'],
      // Re-read from the records, apart from the builder: 7 records tie exactly.
      ['ok', 'incentive S1 records', '12333.583 from 7 records', '12333.583 from 7 records', '0.00'],
      ['ok', 'incentive S2', '5884.57', '5884.57', '0.00'],
      ['ok', 'incentive S2 records', '5884.57 from 5 records', '5884.57 from 5 records', '0.00'],
    ]);
    expect(checkFigures(c, 'incentive.tier').map(([status, subject, , actual]) => [status, subject, actual])).toEqual([
      ['ok', 'incentive S1', 'performance 12333.58'], ['ok', 'incentive S2', 'performance 5884.57'],
    ]);
    expect(checkFigures(c, 'incentive.cap')).toEqual([
      ['ok', 'incentive S1 program growth-cap', '≤ 500.00', '500.00', '116.68'],
      ['ok', 'incentive S1 program new-logo', '≤ 200.00', '150.00', '0.00'],
      ['ok', 'incentive S2 program launch-fund', 'no cap', '888.88', '0.00'],
    ]);
    expect(rowsOf(c, 'statement.sum').filter(([, subject]) => String(subject).startsWith('incentive '))).toEqual([
      ['ok', 'incentive S1', []], ['ok', 'incentive S2', []],
    ]);
    expect(rowsOf(c, 'record.association').filter(([status]) => status !== 'ok')).toEqual([['warn', 'consumption.csv', ['N0']]]);
    expect(statement(c, 'S1').totals.amount_due).toBe('4033.83');
    expect(statement(c, 'S2').totals.amount_due).toBe('10750.00');
  });

  it('incentive-clawback: no invoice for voucher quota or deferred invoice; a clawback carried out of 2026-09 and netted in 2026-10', () => {
    const c = 'incentive-clawback';
    const noInvoice = [false, null, null, null, null, null, null, null];
    const notes = { 'S-VQ': '返代金券额度', 'S-DI': '记欠票' };
    for (const period of ['2026-08', '2026-09', '2026-10']) {
      for (const [partner, note] of Object.entries(notes)) {
        const s = incentive(c, partner, period);
        expect(invoiceOf(s), `${period} ${partner}`).toEqual(noInvoice);
        expect(s.invoice.note, `${period} ${partner}`).toContain(note);
      }
      expect(rowsOf(c, 'statement.sum', period).filter(([, subject]) => String(subject).startsWith('incentive ')), period).toEqual([
        ['ok', 'incentive S-DI', []], ['ok', 'incentive S-VQ', []],
      ]);
      expect(rowsOf(c, 'incentive.tier', period).every(([status]) => status === 'ok'), period).toBe(true);
      expect(rowsOf(c, 'incentive.performance', period).every(([status]) => status === 'ok'), period).toBe(true);
    }
    const line = (s: { services: Record<string, unknown>[] }) => s.services.map((l) => [l.service_type_code, l.rate, l.performance, l.incentive]);

    const vq08 = incentive(c, 'S-VQ', '2026-08');
    expect(incentiveTotals(vq08)).toEqual(['10000.00', '500.00', '0.00', '0.00', '500.00', '0.00', '500.00']);
    const di08 = incentive(c, 'S-DI', '2026-08');
    expect(incentiveTotals(di08)).toEqual(['3000.00', '150.00', '0.00', '0.00', '150.00', '0.00', '150.00']);
    expect(line(di08)).toEqual([[EC2, '0.05', '3000.00', '150.00']]);

    const di09 = incentive(c, 'S-DI', '2026-09');
    expect(incentiveTotals(di09)).toEqual(['100.00', '-47.00', '0.00', '0.00', '0.00', '-47.00', '-47.00']);
    expect(line(di09)).toEqual([[EC2, '0.05', '-2500.00', '-125.00'], [RDS, '0.03', '2600.00', '78.00']]);
    expect(di09.carried_in_from).toBe('2026-08');

    // The ec2 row valid until 2026-09 gives way to the 0.07 row valid from 2026-10.
    const di10 = incentive(c, 'S-DI', '2026-10');
    expect(incentiveTotals(di10)).toEqual(['1000.00', '70.00', '0.00', '-47.00', '23.00', '0.00', '70.00']);
    expect(line(di10)).toEqual([[EC2, '0.07', '1000.00', '70.00']]);
    expect(di10.carried_in_from).toBe('2026-09');
    expect(line(incentive(c, 'S-VQ', '2026-10'))).toEqual([[EC2, '0.07', '9000.00', '630.00']]);

    expect(rowsOf(c, 'refund.unmatched', '2026-09')).toEqual([['ok', '2 refunds matched', []]]);
    expect(rowsOf(c, 'refund.excess', '2026-09')).toEqual([['ok', '2 refunded orders within paid', []]]);
    expect(['2026-08', '2026-09', '2026-10'].map((p) => statement(c, 'S-DI', 'statement.json', p).totals.amount_due))
      .toEqual(['3000.00', '100.00', '1000.00']);
  });

  // Refunds larger than the month's consumption: the negative total (−6 500.00) still gets the
  // rows without a minimum, so the refunded August order is clawed back and netted in October.
  it('incentive-clawback S-VQ: refunds larger than the consumption give −345.00 carried out, netted to 285.00 in 2026-10', () => {
    const c = 'incentive-clawback';
    const vq09 = incentive(c, 'S-VQ', '2026-09');
    expect(vq09.services.map((l: Record<string, unknown>) => [l.service_type_code, l.rate, l.performance, l.incentive])).toEqual([
      [EC2, '0.05', '-7500.00', '-375.00'], [RDS, '0.03', '1000.00', '30.00'],
    ]);
    expect(incentiveTotals(vq09)).toEqual(['-6500.00', '-345.00', '0.00', '0.00', '0.00', '-345.00', '-345.00']);
    const vq10 = incentive(c, 'S-VQ', '2026-10');
    expect(incentiveTotals(vq10)).toEqual(['9000.00', '630.00', '0.00', '-345.00', '285.00', '0.00', '630.00']);
  });

  it('late-correction: late records of a closed period are booked the next month as corrections naming it', () => {
    const november = statement('late-correction', 'P1', 'statement.json', '2026-11');
    expect(november.totals).toMatchObject({
      consumption: '40.00', refunds: '0.00', adjustments: '0.00', corrections: '-4.00', settlement: '36.00', coupons_used: '-0.50', amount_due: '36.50',
    });
    expect(november.corrections.lines).toEqual([
      expect.objectContaining({ original_period: '2026-10', amount: '-4.00', amount_exact: '-4.00', records: 2 }),
    ]);
    expect(rowsOf('late-correction', 'record.late', '2026-11')).toEqual([
      ['warn', '2026-10 adjustment', ['J9']],
      ['warn', '2026-10 refund', ['F9']],
    ]);
    // October as issued: the late records are in no figure of it.
    expect(statement('late-correction', 'P1', 'statement.json', '2026-10').totals.refunds).toBe('-10.00');
  });
});
