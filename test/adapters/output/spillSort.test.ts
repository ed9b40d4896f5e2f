import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpillArea } from '../../../src/adapters/output/spillSort';
import { compareText } from '../../../src/domain/text/compareText';
import { Prng } from '../../helpers/prng';

const ALPHABET = ['a', 'b', 'Z', '0', '\u0000', '\n', '"', '\\', '客', '户', '😀', ',', ' '];

function randomText(rng: Prng, maxLength: number): string {
  let s = '';
  const n = rng.int(maxLength + 1);
  for (let i = 0; i < n; i++) s += rng.pick(ALPHABET);
  return s;
}

describe('SpillArea', () => {
  const parents: string[] = [];
  afterEach(() => {
    for (const p of parents.splice(0)) rmSync(p, { recursive: true, force: true });
  });
  const parent = () => {
    const dir = mkdtempSync(join(tmpdir(), 'spill-test-'));
    parents.push(dir);
    return dir;
  };

  it('gives back every string of every bucket in code-unit order, whatever the limit (property, 200 cases)', () => {
    const rng = new Prng(0x5eed5);
    for (let c = 0; c < 200; c++) {
      const area = new SpillArea(1 + rng.int(40), parent());
      const buckets = Array.from({ length: 1 + rng.int(5) }, () => ({ bucket: area.bucket(), added: [] as string[] }));
      const total = rng.int(300);
      for (let i = 0; i < total; i++) {
        const b = rng.pick(buckets);
        const text = randomText(rng, 8);
        b.bucket.add(text);
        b.added.push(text);
      }
      for (const b of buckets) expect([...b.bucket.sorted()]).toEqual([...b.added].sort(compareText));
      area.close();
    }
  });

  it('spills to sorted runs once it holds its limit, and close removes them', () => {
    const dir = parent();
    const area = new SpillArea(10, dir);
    const a = area.bucket();
    const b = area.bucket();
    for (let i = 0; i < 25; i++) (i % 2 === 0 ? a : b).add(String(99 - i));
    expect(area.runsWritten).toBe(4); // two spills of two buckets each
    expect(a.size + b.size).toBe(5);
    expect(readdirSync(dir)).toHaveLength(1);
    expect([...a.sorted()]).toEqual(Array.from({ length: 13 }, (_, i) => String(99 - 2 * i)).sort());
    area.close();
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it('writes nothing to disk below its limit', () => {
    const dir = parent();
    const area = new SpillArea(100, dir);
    const a = area.bucket();
    for (const s of ['b', 'a', 'c']) a.add(s);
    expect([...a.sorted()]).toEqual(['a', 'b', 'c']);
    expect(area.runsWritten).toBe(0);
    expect(existsSync(dir) && readdirSync(dir)).toEqual([]);
    area.close();
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new SpillArea(0)).toThrow(/positive integer/);
  });
});
