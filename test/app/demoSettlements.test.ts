import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/**
 * The demo's three months closed in order, as `npm start` does, against the settlements that
 * fixtures/generator/trueSettlement.ts computes on its own (a separate, simple implementation
 * of DOMAIN §5.2): every merchant's totals, product splits, refunds, deposit and invoice list.
 */
const DEMO = join(__dirname, '../../fixtures/demo');
const expected = JSON.parse(readFileSync(join(DEMO, 'expected-settlements.json'), 'utf8')) as {
  settlements: {
    period: string; seller_id: string; currency: string; totals: Record<string, string>; valid_orders: number;
    products: { product_id: string; merchant_ratio: string; paid: string; merchant_share: string; platform_fee: string }[];
    refunds: { record_id: string; merchant_ratio: string; paid: string; merchant_share: string }[];
    deposit: { remaining: string };
    invoice_list: { amount: string; net: string; tax: string }[];
  }[];
};
const temp = makeTempDir('demo-settlements');
afterAll(() => temp.cleanup());

describe('demo marketplace settlements (2026-08 → 2026-09 → 2026-10 on one store)', () => {
  it('match the independently computed expectations, month by month', async () => {
    const store = await openTestDatabase('demo-settlements');
    const out = join(temp.dir, 'out');
    try {
      for (const period of ['2026-08', '2026-09', '2026-10']) {
        const outcome = await runCloseInline(
          { period, inputDir: join(DEMO, period), outDir: out },
          { db: store.db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined },
        );
        expect(outcome.status, period).toBe('closed');
      }
    } finally {
      await store.cleanup();
    }
    expect(expected.settlements.length).toBeGreaterThanOrEqual(10);
    for (const e of expected.settlements) {
      const file = join(out, e.period, 'rev-1', 'merchants', e.seller_id, 'settlement.json');
      const s = JSON.parse(readFileSync(file, 'utf8'));
      const where = `${e.period} ${e.seller_id}`;
      expect(s.totals, where).toMatchObject(e.totals);
      expect(s.valid_orders, where).toBe(e.valid_orders);
      expect(s.products.map((p: Record<string, string>) => [p.product_id, p.merchant_ratio, p.paid, p.merchant_share, p.platform_fee]), where)
        .toEqual(e.products.map((p) => [p.product_id, p.merchant_ratio, p.paid, p.merchant_share, p.platform_fee]));
      expect(s.refunds.map((r: Record<string, string>) => [r.record_id, r.merchant_ratio, r.paid, r.merchant_share]), where)
        .toEqual(e.refunds.map((r) => [r.record_id, r.merchant_ratio, r.paid, r.merchant_share]));
      expect(s.deposit.remaining, where).toBe(e.deposit.remaining);
      expect(s.invoice_list.lines.map((l: Record<string, string>) => [l.amount, l.net, l.tax]), where)
        .toEqual(e.invoice_list.map((l) => [l.amount, l.net, l.tax]));
    }
  });
});
