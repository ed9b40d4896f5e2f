import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase } from '../helpers/testDatabase';

const CASES_DIR = join(__dirname, '../../fixtures/cases');
const UPDATE = process.env.RECKON_UPDATE_GOLDEN === '1';
const temp = makeTempDir('golden');
afterAll(() => temp.cleanup());

const RECORD_FILES = ['consumption.csv', 'refunds.csv', 'adjustments.csv'];
const cases = readdirSync(CASES_DIR).filter((name) => existsSync(join(CASES_DIR, name, 'input')));

/**
 * The closes of a case, in order: one per `input/YYYY-MM/` folder (each its own delivery,
 * compared with `expected/YYYY-MM/`), else a single close of 2026-10 with `input/` compared
 * with `expected/`.
 */
function closesOf(caseDir: string): { period: string; inputDir: string; expectedDir: string }[] {
  const input = join(caseDir, 'input');
  const periods = readdirSync(input).filter((name) => /^\d{4}-\d{2}$/.test(name)).sort();
  if (periods.length === 0) return [{ period: '2026-10', inputDir: input, expectedDir: join(caseDir, 'expected') }];
  return periods.map((period) => ({ period, inputDir: join(input, period), expectedDir: join(caseDir, 'expected', period) }));
}

describe('golden cases: each hand-checked case closes to exactly its committed statements', () => {
  for (const name of cases) {
    it(`${name}: produced files are byte-identical to fixtures/cases/${name}/expected`, async () => {
      const store = await openTestDatabase(`golden-${name}`);
      const { db } = store;
      const out = join(temp.dir, `${name}-out`);
      const closes = closesOf(join(CASES_DIR, name));
      try {
        // Every period closes on the same store, so later periods see what earlier ones carried forward.
        for (const { period, inputDir } of closes) {
          // A month delivered without any record file (only reference data, e.g. a merchant's
          // payment) is empty on purpose: it closes to carry balances.
          const allowEmpty = !RECORD_FILES.some((f) => existsSync(join(inputDir, f)));
          const outcome = await runCloseInline(
            { period, inputDir, outDir: out, allowEmpty },
            { db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined },
          );
          expect(outcome.status, period).toBe('closed');
        }
      } finally {
        await store.cleanup();
      }
      if (UPDATE) rmSync(join(CASES_DIR, name, 'expected'), { recursive: true, force: true });
      for (const { period, expectedDir } of closes) {
        const produced = join(out, period, 'rev-1');
        if (UPDATE) {
          mkdirSync(expectedDir, { recursive: true });
          cpSync(produced, expectedDir, { recursive: true });
        }
        expect(listFiles(produced)).toEqual(listFiles(expectedDir));
        for (const file of listFiles(expectedDir)) {
          expect(readFileSync(join(produced, file), 'utf8'), `${period}/${file}`).toBe(readFileSync(join(expectedDir, file), 'utf8'));
        }
      }
    });
  }
});
