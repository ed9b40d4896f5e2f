import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeChunksAtomic, writeFileAtomic } from '../../../src/adapters/output/writeFileAtomic';
import { listFiles } from '../../helpers/listFiles';
import { makeTempDir } from '../../helpers/tempDir';

const temp = makeTempDir('atomic');
afterAll(() => temp.cleanup());

/** Above the largest pid_max Linux allows (2^22): no process ever has this id. */
const NEVER_A_PID = 4194305;
/** The id of a process that has exited. */
const exitedPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('writeFileAtomic', () => {
  it('creates folders, replaces the file whole, leaves no temp file and returns the SHA-256 of what it wrote', async () => {
    const path = join(temp.dir, 'a/b/statement.json');
    await writeFileAtomic(path, 'old');
    const sha = await writeFileAtomic(path, '{"n":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n');
    expect(sha).toBe(createHash('sha256').update('{"n":1}\n').digest('hex'));
    expect(readdirSync(join(temp.dir, 'a/b'))).toEqual(['statement.json']);
  });

  it('removes its temp file when writing fails half-way, and leaves the old file as it was', async () => {
    const path = join(temp.dir, 'fail/statement.lineage.csv');
    await writeFileAtomic(path, 'old');
    function* failing() {
      yield 'x'.repeat(1 << 17);
      throw new Error('disk gone');
    }
    await expect(writeChunksAtomic(path, failing())).rejects.toThrow(/disk gone/);
    expect(readdirSync(join(temp.dir, 'fail'))).toEqual(['statement.lineage.csv']);
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});

describe('removeStaleTempFiles: what a killed writer left behind', () => {
  it('removes temp files of dead processes and this process\'s own leftovers, keeps outputs and temp files of live writers', async () => {
    const dir = join(temp.dir, 'rev-1');
    mkdirSync(join(dir, 'partners/P1'), { recursive: true });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      const files: Record<string, string> = {
        'manifest.json': 'kept', 'partners/P1/statement.json': 'kept', 'partners/P1/statement.tmp-x.json': 'kept: not a temp name',
        [`manifest.json.tmp-${NEVER_A_PID}`]: 'stale', [`partners/P1/statement.csv.tmp-${exitedPid()}`]: 'stale',
        [`partners/P1/statement.txt.tmp-${process.pid}`]: 'stale: same pid, but not being written',
        [`partners/P1/statement.lineage.csv.tmp-${live.pid}`]: 'kept: its writer still runs',
      };
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      const removed = await removeStaleTempFiles(dir);
      expect(removed).toEqual(Object.keys(files).filter((f) => files[f]!.startsWith('stale')).sort());
      expect(listFiles(dir)).toEqual(Object.keys(files).filter((f) => files[f]!.startsWith('kept')).sort());
      expect(await removeStaleTempFiles(join(temp.dir, 'no-such-folder'))).toEqual([]);
    } finally {
      live.kill();
    }
  });
});
