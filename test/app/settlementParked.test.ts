import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getPeriod } from '../../src/adapters/store/closeStore';
import { listParkedPartners } from '../../src/adapters/store/parkedPartners';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

const DEMO_AUGUST = join(__dirname, '../../fixtures/demo/2026-08');
const temp = makeTempDir('settlement-parked');
afterAll(() => temp.cleanup());

describe('a merchant whose settlement cannot be computed is parked; the others are settled', () => {
  it('parks M-CHARLIE (product missing from marketplace-products.csv), then settles it once the product is delivered', async () => {
    const store = await openTestDatabase('settlement-parked');
    const ctx: JobContext = { db: store.db, config: DEFAULT_CONFIG, now: () => '2026-09-05T04:00:00.000Z', progress: () => undefined };
    const broken = join(temp.dir, 'broken');
    cpSync(DEMO_AUGUST, broken, { recursive: true });
    const productsFile = join(broken, 'reference/marketplace-products.csv');
    const fullProducts = readFileSync(productsFile, 'utf8');
    writeFileSync(productsFile, fullProducts.split('\n').filter((l) => !l.startsWith('CHARLIE-EDU,')).join('\n'));
    const out = join(temp.dir, 'out');
    try {
      const first = await runCloseInline({ period: '2026-08', inputDir: broken, outDir: out }, ctx);
      expect(first.status).toBe('parked');
      expect(first.summary.parked).toEqual([expect.objectContaining({ partnerId: 'M-CHARLIE', kind: 'merchant', code: 'settlement.unknown_product' })]);
      expect(first.summary.parked[0]!.message).toContain('CHARLIE-EDU');
      expect((await getPeriod(store.db, '2026-08'))?.state).toBe('closing');
      const rev = join(out, '2026-08/rev-1');
      const alpha = readFileSync(join(rev, 'merchants/M-ALPHA/settlement.json'), 'utf8');
      const report = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8'));
      expect(report.checks.filter((c: { check: string }) => c.check === 'run.parked'))
        .toEqual([expect.objectContaining({ status: 'fail', subject: 'merchant M-CHARLIE' })]);

      const fix = join(temp.dir, 'fix');
      mkdirSync(join(fix, 'reference'), { recursive: true });
      writeFileSync(join(fix, 'reference/marketplace-products.csv'), fullProducts);
      const last = await runCloseInline({ period: '2026-08', inputDir: fix, outDir: out }, ctx);
      expect(last.status).toBe('closed');
      expect(await listParkedPartners(store.db, (await getPeriod(store.db, '2026-08'))!.closedRunId!)).toEqual([]);
      const charlie = JSON.parse(readFileSync(join(rev, 'merchants/M-CHARLIE/settlement.json'), 'utf8'));
      expect(charlie.totals).toMatchObject({ gross: '60000.00', merchant_share: '42000.00', payable: '42000.00' });
      // The merchant settled in the first attempt is left as issued.
      expect(readFileSync(join(rev, 'merchants/M-ALPHA/settlement.json'), 'utf8')).toBe(alpha);
    } finally {
      await store.cleanup();
    }
  });
});
