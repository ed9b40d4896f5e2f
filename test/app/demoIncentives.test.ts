import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/**
 * The demo's three months closed in order, as `npm start` does, against the incentive statements
 * that fixtures/generator/trueIncentive.ts computes on its own (a separate, simple implementation
 * of DOMAIN §5.3): totals, service lines, special programs and the invoice notice.
 */
const DEMO = join(__dirname, '../../fixtures/demo');
interface Expected {
  period: string; partner_id: string; totals: Record<string, string>;
  services: { service_type_code: string; policy: number | null; rate: string; performance: string; incentive: string }[];
  special: { program: string; computed: string; cap: string | null; incentive: string }[];
  invoice: { required: boolean; gross: string | null; rate: string | null; net: string | null; tax: string | null };
}
const expected = (JSON.parse(readFileSync(join(DEMO, 'expected-incentives.json'), 'utf8')) as { statements: Expected[] }).statements;
const temp = makeTempDir('demo-incentives');
afterAll(() => temp.cleanup());

describe('demo incentives (2026-08 → 2026-09 → 2026-10 on one store)', () => {
  it('match the independently computed expectations, month by month', async () => {
    const store = await openTestDatabase('demo-incentives');
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
    expect(expected.length).toBeGreaterThanOrEqual(12);
    for (const e of expected) {
      const s = JSON.parse(readFileSync(join(out, e.period, 'rev-1', 'incentives', e.partner_id, 'incentive.json'), 'utf8'));
      const where = `${e.period} ${e.partner_id}`;
      const { performance, base_incentive, special_incentive, carried_in, payable, carried_out } = e.totals;
      expect(s.totals, where).toMatchObject({ performance, base_incentive, special_incentive, carried_in, payable, carried_out });
      const counted = s.services.map((l: Record<string, unknown>) => [l.service_type_code, l.rate, l.performance, l.incentive]);
      for (const l of e.services) expect(counted, `${where} ${l.service_type_code}`).toContainEqual([l.service_type_code, l.rate, l.performance, l.incentive]);
      expect(s.special.map((l: Record<string, unknown>) => [l.program, l.computed, l.cap, l.incentive]), where)
        .toEqual(e.special.map((l) => [l.program, l.computed, l.cap, l.incentive]));
      expect(s.invoice, where).toMatchObject({ required: e.invoice.required, gross: e.invoice.gross, rate: e.invoice.rate, net: e.invoice.net, tax: e.invoice.tax });
    }
  });
});
