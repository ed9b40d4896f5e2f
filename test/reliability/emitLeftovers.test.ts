import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listRuns } from '../../src/adapters/store/closeStore';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { emitStatements } from '../../src/app/close/emitStatements';
import { runCloseInline } from '../../jobs/inlineRunner';
import type { JobContext } from '../../jobs/jobContext';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

const CASES = join(__dirname, '../../fixtures/cases');
const temp = makeTempDir('leftovers');
afterAll(() => temp.cleanup());

const ctx = (db: JobContext['db']): JobContext => ({ db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined });
const exitedPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** Temp files as an emit killed between write and rename leaves them, beside real outputs. */
function plantLeftovers(rev: string): string[] {
  const planted = [
    `manifest.json.tmp-${exitedPid()}`,
    `partners/D1/statement.json.tmp-${exitedPid()}`,
    `partners/R1/statement.lineage.csv.tmp-${process.pid}`,
  ];
  for (const f of planted) {
    mkdirSync(dirname(join(rev, f)), { recursive: true });
    writeFileSync(join(rev, f), 'half a file');
  }
  return planted;
}

/** The revision folder holds exactly the manifest's files and manifest.json. */
function expectExactlyTheManifest(rev: string): void {
  const manifest = JSON.parse(readFileSync(join(rev, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  expect(listFiles(rev)).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
}

describe('an emit cleans up after an emit that was killed', () => {
  it('removes stale temp files before writing, on a first emit and on a re-emit of a closed revision', async () => {
    const store = await openTestDatabase('leftovers');
    const out = join(temp.dir, 'out');
    const rev = join(out, '2026-10/rev-1');
    try {
      plantLeftovers(rev);
      const closed = await runCloseInline({ period: '2026-10', inputDir: join(CASES, 'distributor-switch/input'), outDir: out }, ctx(store.db));
      expect(closed.status).toBe('closed');
      expectExactlyTheManifest(rev);
      const issued = snapshot(rev);
      expect(issued).toEqual(snapshot(join(CASES, 'distributor-switch/expected')));

      plantLeftovers(rev);
      const [run] = await listRuns(store.db, '2026-10');
      await emitStatements(store.db, run!.id, out);
      expectExactlyTheManifest(rev);
      expect(snapshot(rev)).toEqual(issued);
    } finally {
      await store.db.close();
      await store.cleanup();
    }
  });
});
