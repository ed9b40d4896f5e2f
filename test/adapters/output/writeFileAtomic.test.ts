import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/adapters/output/writeFileAtomic';
import { makeTempDir } from '../../helpers/tempDir';

const temp = makeTempDir('atomic');
afterAll(() => temp.cleanup());

describe('writeFileAtomic', () => {
  it('creates folders, replaces the file whole, leaves no temp file and returns the SHA-256 of what it wrote', async () => {
    const path = join(temp.dir, 'a/b/statement.json');
    await writeFileAtomic(path, 'old');
    const sha = await writeFileAtomic(path, '{"n":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n');
    expect(sha).toBe(createHash('sha256').update('{"n":1}\n').digest('hex'));
    expect(readdirSync(join(temp.dir, 'a/b'))).toEqual(['statement.json']);
  });
});
