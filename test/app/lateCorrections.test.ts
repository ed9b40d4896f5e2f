import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/**
 * Late records of a closed period booked as prior-period corrections (DOMAIN §3) by the next
 * close, on a real store: the demo's 2026-08 and 2026-09 are closed, then a delivery brings
 * records for 2026-08 (a refund of a 2026-08 marketplace order, consumption of two solution
 * providers' customers), and 2026-10 is closed with its own delivery.
 */
const DEMO = join(__dirname, '../../fixtures/demo');
const temp = makeTempDir('late-corrections');
afterAll(() => temp.cleanup());

const NOW = '2026-11-05T04:00:00.000Z';

/**
 * - RFD-LATE-0001: 1000.01 refunded (unsubscribe) of ORD-20260806-M001 (ALPHA-ERP, M-ALPHA,
 *   2026-08), delivered positive, stored negative; ALPHA-ERP's 2026-08 ratio is 0.95:
 *   −1000.01 × 0.95 = −950.0095 → merchant −950.01, platform −50.00.
 * - CSM-LATE-0001: 2000.00 of ec2 for CUST-0036 (P-S02, referral). P-S02's 2026-08 statement
 *   shows ec2 at 0.05: incentive 100.00.
 * - CSM-LATE-0002: 1234.57 of ec2 for CUST-0019 (P-D02, resale). P-D02's 2026-08 statement has
 *   no ec2 line: ec2's 2026-08 policy at the tier its total (0.00) reached, 0.05: 61.7285 → 61.73.
 *   Resale: P-D02's partner bill books it as a correction too.
 * They are the delivery fixtures/demo/late-2026-08 (see fixtures/demo/README.md).
 */
const LATE_DELIVERY = join(DEMO, 'late-2026-08');
const FEE_HEADER = 'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,product_id,provider_type,seller_id,'
  + 'official_amount,discount_amount,payable_amount,cash_amount';

describe('late records of a closed period are booked as prior-period corrections by the next close', () => {
  it('settlement, incentive and partner statements of 2026-10 carry corrections naming 2026-08; reconciliation lists the late records', async () => {
    const store = await openTestDatabase('late-corrections');
    const out = join(temp.dir, 'out');
    const ctx: JobContext = { db: store.db, config: DEFAULT_CONFIG, now: () => NOW, progress: () => undefined };
    try {
      for (const period of ['2026-08', '2026-09']) {
        const outcome = await runCloseInline({ period, inputDir: join(DEMO, period), outDir: out }, ctx);
        expect(outcome.status, period).toBe('closed');
      }
      const ingested = await ingestDelivery(store.db, LATE_DELIVERY, { periodHint: '2026-08', zone: DEFAULT_CONFIG.zone, now: () => new Date(NOW) });
      expect(ingested.files.map((f) => [f.fileName, f.status, f.accepted])).toEqual([
        ['consumption.csv', 'ingested', 2],
        ['refunds.csv', 'ingested', 1],
      ]);
      const october = await runCloseInline({ period: '2026-10', inputDir: join(DEMO, '2026-10'), outDir: out }, ctx);
      expect(october.status).toBe('closed');
    } finally {
      await store.cleanup();
    }
    const read = (path: string) => JSON.parse(readFileSync(join(out, '2026-10/rev-1', path), 'utf8'));

    // M-ALPHA: the late refund is a deduction of 2026-08, absorbed by this month's generic balance.
    const alpha = read('merchants/M-ALPHA/settlement.json');
    expect(alpha.corrections).toEqual([expect.objectContaining({
      original_period: '2026-08', record_id: 'RFD-LATE-0001', kind: 'refund', trade_id: 'ORD-20260806-M001',
      product_id: 'ALPHA-ERP', product_class: 'generic', paid: '-1000.01', merchant_ratio: '0.95',
      merchant_part: '-950.01', platform_part: '-50.00', ratio_source: 'order', ratio_period: '2026-08',
    })]);
    expect(alpha.totals).toMatchObject({
      net: '1457550.34', brought_forward: '-950.01', corrections: '-950.01', deducted_from_deposit: '0.00', payback_receivable: '0.00',
      payable: '1456600.33', carried_forward: '0.00',
    });
    expect(alpha.cascade.map((l: Record<string, unknown>) => [l.step, l.product_class, l.from_period, l.amount])).toEqual([
      ['correction_deduction', null, '2026-08', '-950.01'],
      ['period_net', 'generic', '2026-10', '1435600.34'],
      ['period_net', 'joint', '2026-10', '21950.00'],
      ['deduction_absorbed', 'generic', '2026-08', '950.01'],
      ['payable', 'generic', '2026-10', '1434650.33'],
      ['payable', 'joint', '2026-10', '21950.00'],
    ]);
    // The period's own figures are unchanged: gross, merchant share, refunds.
    expect(alpha.totals).toMatchObject({ gross: '1680000.50', merchant_share: '1624000.49', refunds: '-175000.15', refunds_reversed: '-166450.15' });
    const alphaCsv = readFileSync(join(out, '2026-10/rev-1/merchants/M-ALPHA/settlement.csv'), 'utf8');
    expect(alphaCsv).toContain('correction,RFD-LATE-0001,refund,');
    expect(readFileSync(join(out, '2026-10/rev-1/merchants/M-ALPHA/settlement.txt'), 'utf8')).toContain('Prior-period corrections');

    // P-S02: its 2026-08 statement earned 0.05 on ec2; the correction earns at that rate.
    const s02 = read('incentives/P-S02/incentive.json');
    expect(s02.corrections).toEqual([expect.objectContaining({
      original_period: '2026-08', service_type_code: 'hws.service.type.ec2', performance: '2000.00', rate: '0.05', incentive: '100.00',
      records: 1, rate_source: 'statement',
    })]);
    expect(s02.totals.corrections).toBe('100.00');
    // 2026-10's own performance is untouched (docs/incentives.md §8: 51 040.20, payable 4 049.01 before the correction).
    expect(s02.totals).toMatchObject({ performance: '51040.20', period_result: '4829.01', carried_in: '-780.00', payable: '4149.01', carried_out: '0.00' });
    expect(s02.invoice).toMatchObject({ required: true, gross: '4149.01' });

    // P-D02: no ec2 line in its 2026-08 statement: ec2's 2026-08 policy at that statement's tier.
    const d02 = read('incentives/P-D02/incentive.json');
    expect(d02.corrections).toEqual([expect.objectContaining({
      original_period: '2026-08', service_type_code: 'hws.service.type.ec2', performance: '1234.57', rate: '0.05', incentive: '61.73',
      rate_source: 'policy', tier_min_period_performance: '0.00',
    })]);
    expect(d02.totals.corrections).toBe('61.73');
    // …and its partner bill (resale customer) books the same record as a correction of 2026-08.
    const bill = read('partners/P-D02/statement.json');
    expect(bill.totals.corrections).toBe('1234.57');
    expect(bill.corrections.lines).toEqual([expect.objectContaining({ original_period: '2026-08', amount: '1234.57', records: 1 })]);

    const reconciliation = read('reconciliation.json');
    const late = reconciliation.checks.filter((c: { check: string }) => c.check === 'record.late');
    expect(late.flatMap((c: { records: string[] }) => c.records).sort()).toEqual(['CSM-LATE-0001', 'CSM-LATE-0002', 'RFD-LATE-0001']);
    expect(late.every((c: { status: string; subject: string }) => c.status === 'warn' && c.subject.startsWith('2026-08'))).toBe(true);
    const failing = reconciliation.checks.filter((c: { check: string; status: string }) =>
      ['statement.sum', 'split.conservation', 'refund.original_ratio'].includes(c.check) && c.status !== 'ok');
    expect(failing).toEqual([]);
  });

  it('a merchant with only late records this period still gets a statement; a late sale below the threshold is carried', async () => {
    const store = await openTestDatabase('late-only');
    const out = join(temp.dir, 'only-out');
    const ctx: JobContext = { db: store.db, config: DEFAULT_CONFIG, now: () => NOW, progress: () => undefined };
    const august = join(temp.dir, 'only-2026-08');
    const september = join(temp.dir, 'only-2026-09');
    const late = join(temp.dir, 'only-late');
    mkdirSync(join(august, 'reference'), { recursive: true });
    writeFileSync(join(august, 'reference/marketplace-products.csv'),
      'product_id,seller_id,product_class,platform_fee_rate,five_day_refund\nX-GEN,M-X,generic,0.10,false\nY-GEN,M-Y,generic,0.10,false\n');
    writeFileSync(join(august, 'reference/merchant-deposits.csv'), 'seller_id,deposit_balance\nM-X,300.00\n');
    writeFileSync(join(august, 'consumption.csv'), `${FEE_HEADER}\n`
      + 'X-0801,2026-08,2026-08-10T10:00:00+08:00,C-1,ORD-X-1,1,1,hws.service.type.marketplace,X-GEN,2,M-X,2000.00,0,2000.00,2000.00\n');
    mkdirSync(september, { recursive: true });
    writeFileSync(join(september, 'consumption.csv'), `${FEE_HEADER}\n`
      + 'Y-0901,2026-09,2026-09-10T10:00:00+08:00,C-2,ORD-Y-1,1,1,hws.service.type.marketplace,Y-GEN,2,M-Y,100.00,0,100.00,100.00\n');
    mkdirSync(late, { recursive: true });
    writeFileSync(join(late, 'consumption.csv'), `${FEE_HEADER}\n`
      + 'X-0802,2026-08,2026-08-31T22:00:00+08:00,C-1,ORD-X-2,1,1,hws.service.type.marketplace,X-GEN,2,M-X,500.05,0,500.05,500.05\n');
    try {
      expect((await runCloseInline({ period: '2026-08', inputDir: august, outDir: out }, ctx)).status).toBe('closed');
      await ingestDelivery(store.db, late, { periodHint: '2026-08', zone: DEFAULT_CONFIG.zone, now: () => new Date(NOW) });
      expect((await runCloseInline({ period: '2026-09', inputDir: september, outDir: out }, ctx)).status).toBe('closed');
    } finally {
      await store.cleanup();
    }
    const x = JSON.parse(readFileSync(join(out, '2026-09/rev-1/merchants/M-X/settlement.json'), 'utf8'));
    // 500.05 × 0.9 = 450.045 → merchant 450.05 (the half cent goes to the merchant), platform 50.00.
    expect(x.corrections).toEqual([expect.objectContaining({
      original_period: '2026-08', record_id: 'X-0802', kind: 'sale', trade_id: 'ORD-X-2', paid: '500.05', merchant_ratio: '0.9',
      merchant_part: '450.05', platform_part: '50.00', ratio_source: 'order', ratio_period: '2026-08',
    })]);
    expect(x.products).toEqual([]);
    expect(x.totals).toMatchObject({
      gross: '0.00', net: '0.00', brought_forward: '450.05', corrections: '450.05', payable: '0.00', carried_forward: '450.05',
    });
    expect(x.carried).toEqual([{ kind: 'unpaid', product_class: 'generic', from_period: '2026-08', amount: '450.05' }]);
    expect(x.deposit).toMatchObject({ opening: '300.00', remaining: '300.00', source: 'previous_settlement', source_period: '2026-08' });
  });
});
