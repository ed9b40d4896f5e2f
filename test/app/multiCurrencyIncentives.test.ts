import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/**
 * The incentive-tiers case with S1's customer C-A also buying in USD, a USD policy row and a
 * USD payment threshold for settlements: S1 gets a USD statement of its own, and its CNY
 * statement is exactly the golden one.
 */
const CASE = join(__dirname, '../../fixtures/cases/incentive-tiers');
const temp = makeTempDir('multi-currency');
afterAll(() => temp.cleanup());

describe('incentives per currency', () => {
  it('a solution provider\'s USD records earn on a USD statement at the USD rows\' rates; the CNY statement does not change', async () => {
    const input = join(temp.dir, 'input');
    cpSync(join(CASE, 'input'), input, { recursive: true });
    appendFileSync(join(input, 'consumption.csv'), [
      'USD-1,2026-10,2026-10-05T10:00:00+08:00,C-A,Customer A,TX-USD-1,5,3,hws.service.type.ec2,us-east-1,300.00,0,300.00,300.00,0,0,0,0,0,0,0,USD',
      'USD-2,2026-10,2026-10-06T10:00:00+08:00,C-B,Customer B,TX-USD-2,5,3,hws.service.type.ec2,us-east-1,120.40,0,120.40,100.40,0,20.00,0,0,0,0,0,USD',
      '',
    ].join('\n'));
    const policies = readFileSync(join(input, 'reference', 'incentive-policies.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(input, 'reference', 'incentive-policies.csv'), [
      `${policies[0]},currency`, ...policies.slice(1).map((l) => `${l},`), 'hws.service.type.ec2,0,0.1,0,2026-01,,USD', '',
    ].join('\n'));
    const store = await openTestDatabase('multi-currency-incentives');
    const out = join(temp.dir, 'out');
    try {
      const outcome = await runCloseInline({ period: '2026-10', inputDir: input, outDir: out },
        { db: store.db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined });
      expect(outcome.status).toBe('closed');
    } finally {
      await store.cleanup();
    }
    const usd = JSON.parse(readFileSync(join(out, '2026-10/rev-1/incentives/S1/incentive.USD.json'), 'utf8'));
    // Performance = cash: 300.00 + 100.40 (the 20.00 voucher does not count); ec2 at the USD row's 0.1.
    expect(usd.currency).toBe('USD');
    expect(usd.totals).toMatchObject({ performance: '400.40', base_incentive: '40.04', special_incentive: '0.00', payable: '40.04' });
    expect(usd.services.map((l: Record<string, unknown>) => [l.service_type_code, l.rate, l.performance])).toEqual([['hws.service.type.ec2', '0.1', '400.40']]);
    const cny = readFileSync(join(out, '2026-10/rev-1/incentives/S1/incentive.json'), 'utf8');
    expect(cny).toBe(readFileSync(join(CASE, 'expected/incentives/S1/incentive.json'), 'utf8'));
    const report = JSON.parse(readFileSync(join(out, '2026-10/rev-1/reconciliation.json'), 'utf8')) as { checks: { check: string; status: string; subject: string }[] };
    expect(report.checks.filter((c) => c.check === 'incentive.performance' && c.subject.endsWith(' records')).map((c) => [c.status, c.subject])).toEqual([
      ['ok', 'incentive S1 USD records'], ['ok', 'incentive S1 records'], ['ok', 'incentive S2 records'],
    ]);
    expect(report.checks.filter((c) => c.check.startsWith('incentive.') && c.status !== 'ok')).toEqual([]);
  });
});
