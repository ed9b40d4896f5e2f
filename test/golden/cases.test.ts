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

const cases = readdirSync(CASES_DIR).filter((name) => existsSync(join(CASES_DIR, name, 'input')));

describe('golden cases: each hand-checked case closes to exactly its committed statements', () => {
  for (const name of cases) {
    it(`${name}: produced files are byte-identical to fixtures/cases/${name}/expected`, async () => {
      const store = await openTestDatabase(`golden-${name}`);
      const { db } = store;
      const out = join(temp.dir, `${name}-out`);
      try {
        const outcome = await runCloseInline(
          { period: '2026-10', inputDir: join(CASES_DIR, name, 'input'), outDir: out },
          { db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined },
        );
        expect(outcome.status).toBe('closed');
      } finally {
        await store.cleanup();
      }
      const produced = join(out, '2026-10', 'rev-1');
      const expectedDir = join(CASES_DIR, name, 'expected');
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        mkdirSync(expectedDir, { recursive: true });
        cpSync(produced, expectedDir, { recursive: true });
      }
      expect(listFiles(produced)).toEqual(listFiles(expectedDir));
      for (const file of listFiles(expectedDir)) {
        expect(readFileSync(join(produced, file), 'utf8'), file).toBe(readFileSync(join(expectedDir, file), 'utf8'));
      }
    });
  }
});
