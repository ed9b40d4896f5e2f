import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getPeriod, listRuns } from '../../src/adapters/store/closeStore';
import { listRejects } from '../../src/adapters/store/deliveryStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { listParkedPartners } from '../../src/adapters/store/parkedPartners';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

/**
 * Incentive statements on a real store, through the inline close: a solution provider whose
 * payout needs a VAT special invoice but whose partners.csv row cannot say whom to invoice is
 * parked (DOMAIN §5.3, docs/incentives.md §5), and a partners.csv row with an invoice content
 * outside the four allowed values is rejected at ingest (DOMAIN §4.4, §8). The delivery is the
 * hand-checked case fixtures/cases/incentive-tiers (S1 paid by bank, S2 to its platform account).
 */
const CASE = join(__dirname, '../../fixtures/cases/incentive-tiers');
const temp = makeTempDir('incentive-parked');
afterAll(() => temp.cleanup());

const ctxOf = (db: Database): JobContext => ({ db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined });
const PARTNERS = 'reference/partners.csv';
const partnersCsv = readFileSync(join(CASE, 'input', PARTNERS), 'utf8');
const expectedIncentive = (partner: string) => readFileSync(join(CASE, 'expected/incentives', partner, 'incentive.json'), 'utf8');

/** A copy of the case's delivery whose partners.csv is `partners`. */
function deliveryWith(name: string, partners: string): string {
  const dir = join(temp.dir, name);
  cpSync(join(CASE, 'input'), dir, { recursive: true });
  writeFileSync(join(dir, PARTNERS), partners);
  return dir;
}

describe('incentive statements that cannot say what to invoice are parked; bad invoice data is rejected at ingest', () => {
  it('parks S1 (paid by bank, no signing_entity), issues S2, then closes with S1 once partners.csv is fixed', async () => {
    const lines = partnersCsv.split('\n');
    const s1 = lines.findIndex((l) => l.startsWith('S1,'));
    expect(lines[s1]!.endsWith(',Platform Cloud Computing Co. Ltd')).toBe(true);
    lines[s1] = lines[s1]!.replace(/,Platform Cloud Computing Co\. Ltd$/, ',');
    const broken = deliveryWith('broken', lines.join('\n'));

    const store = await openTestDatabase('incentive-parked');
    const { db } = store;
    const out = join(temp.dir, 'out');
    try {
      const first = await runCloseInline({ period: '2026-10', inputDir: broken, outDir: out }, ctxOf(db));
      expect(first.status).toBe('parked');
      expect(first.summary.parked).toEqual([expect.objectContaining({ partnerId: 'S1', kind: 'incentive', code: 'incentive.invoice_data' })]);
      expect(first.summary.parked[0]!.message).toContain('signing_entity');
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closing');
      const runId = (await listRuns(db, '2026-10'))[0]!.id;
      expect(await listParkedPartners(db, runId)).toEqual([
        expect.objectContaining({ partnerId: 'S1', kind: 'incentive', code: 'incentive.invoice_data', failures: 1 }),
      ]);

      const rev = join(out, '2026-10/rev-1');
      expect(existsSync(join(rev, 'incentives/S1'))).toBe(false);
      // S2 is issued as in the golden case; partner bills do not depend on the invoice data.
      const s2 = readFileSync(join(rev, 'incentives/S2/incentive.json'), 'utf8');
      expect(s2).toBe(expectedIncentive('S2'));
      expect(existsSync(join(rev, 'partners/S1/statement.json'))).toBe(true);
      const report = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8'));
      expect(report.checks.filter((c: { check: string }) => c.check === 'run.parked')).toEqual([
        expect.objectContaining({ status: 'fail', subject: 'incentive S1', actual: expect.stringContaining('incentive.invoice_data') }),
      ]);

      // The fix: a delivery of the complete partners.csv only.
      const fix = join(temp.dir, 'fix');
      mkdirSync(join(fix, 'reference'), { recursive: true });
      writeFileSync(join(fix, PARTNERS), partnersCsv);
      const last = await runCloseInline({ period: '2026-10', inputDir: fix, outDir: out }, ctxOf(db));
      expect(last.status).toBe('closed');
      expect(last.summary.parked).toEqual([]);
      expect(last.summary.solutionProviders).toBe(2);
      expect(await listRuns(db, '2026-10')).toHaveLength(1);
      expect((await getPeriod(db, '2026-10'))?.state).toBe('closed');
      expect(await listParkedPartners(db, runId)).toEqual([]);

      // S1's statement is the hand-checked one, invoice included; S2 is left as first issued.
      const s1Doc = readFileSync(join(rev, 'incentives/S1/incentive.json'), 'utf8');
      expect(s1Doc).toBe(expectedIncentive('S1'));
      expect(JSON.parse(s1Doc).invoice).toMatchObject({
        required: true, type: 'vat_special', gross: '1316.69', rate: '0.06', net: '1242.16', tax: '74.53',
        content: '信息技术服务-信息系统服务', signing_entity: 'Platform Cloud Computing Co. Ltd',
      });
      expect(readFileSync(join(rev, 'incentives/S2/incentive.json'), 'utf8')).toBe(s2);
      const closed = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8'));
      expect(closed.checks.filter((c: { check: string; status: string }) => c.check === 'run.parked' && c.status !== 'ok')).toEqual([]);
      expect(closed.checks.filter((c: { check: string; subject: string }) => c.check === 'statement.sum' && c.subject === 'incentive S1'))
        .toEqual([expect.objectContaining({ status: 'ok' })]);
    } finally {
      await store.cleanup();
    }
  });

  it('rejects a partners.csv row whose invoice_content is not one of the four allowed values, with file, line and column', async () => {
    const bad = '信息技术服务-软件服务';
    const partners = `${partnersCsv.trimEnd()}\nS3,Upsilon Apps,solution_provider,,CNY,bank,0.06,${bad},Platform Cloud Computing Co. Ltd\n`;
    const input = deliveryWith('bad-content', partners);
    const store = await openTestDatabase('incentive-bad-content');
    const { db } = store;
    const out = join(temp.dir, 'out-bad-content');
    try {
      const outcome = await runCloseInline({ period: '2026-10', inputDir: input, outDir: out }, ctxOf(db));
      const file = outcome.ingest!.files.find((f) => f.fileName === PARTNERS)!;
      expect(file).toMatchObject({ status: 'ingested', rowsRead: 3, accepted: 2, rejected: 1 });

      const rejects = await listRejects(db, '2026-10');
      expect(rejects).toEqual([expect.objectContaining({ fileName: PARTNERS, line: 4, column: 'invoice_content', rawValue: bad, code: 'row.enum' })]);
      expect(rejects[0]!.message).toContain('信息技术服务-信息技术服务费');

      const rev = join(out, '2026-10/rev-1');
      const csv = readFileSync(join(rev, 'rejects.csv'), 'utf8').replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
      expect(csv[0]).toBe('file,line,column,value,code,error_code,message');
      expect(csv.slice(1)).toHaveLength(1);
      expect(csv[1]!.startsWith(`${PARTNERS},4,invoice_content,${bad},row.enum,CBC.0100,`)).toBe(true);

      // The rest of the file goes on: S1 and S2 are issued, S3 (rejected) is not a solution provider of the close.
      expect(outcome.status).toBe('closed');
      expect(readFileSync(join(rev, 'incentives/S1/incentive.json'), 'utf8')).toBe(expectedIncentive('S1'));
      expect(readFileSync(join(rev, 'incentives/S2/incentive.json'), 'utf8')).toBe(expectedIncentive('S2'));
      expect(existsSync(join(rev, 'incentives/S3'))).toBe(false);
      const report = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8'));
      expect(report.checks.filter((c: { check: string; subject: string }) => c.check === 'ingest.count' && c.subject.startsWith(PARTNERS)))
        .toEqual([expect.objectContaining({ status: 'ok', subject: expect.stringContaining('accepted 2 + rejected 1') })]);
    } finally {
      await store.cleanup();
    }
  });
});
