import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvFileError } from '../../src/adapters/csv/CsvFileError';
import { fingerprintFile } from '../../src/adapters/csv/fingerprintFile';
import { readCsvFile } from '../../src/adapters/csv/readCsvFile';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'reckon-csv-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function readAll(content: string | Buffer, batchRows = 2) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(path, content);
  const rows: { row: string[]; line: number }[] = [];
  let header: string[] = [];
  await readCsvFile(path, 'x.csv', batchRows, {
    onHeader: (fields) => { header = fields; },
    onBatch: async (b) => { b.rows.forEach((row, i) => rows.push({ row: [...row], line: b.lines[i]! })); },
  });
  return { header, rows };
}

describe('readCsvFile', () => {
  it('reports the line on which each record ends: BOM, CRLF, quoted newlines, blank lines, ragged rows', async () => {
    const { header, rows } = await readAll('\uFEFFa,b\r\n1,2\r\n"x\r\ny",3\r\n\r\n4,"5,6"\r\n7\r\n8,9,10');
    expect(header).toEqual(['a', 'b']);
    expect(rows).toEqual([
      { row: ['1', '2'], line: 2 }, { row: ['x\r\ny', '3'], line: 4 }, { row: ['4', '5,6'], line: 6 },
      { row: ['7'], line: 7 }, { row: ['8', '9', '10'], line: 8 },
    ]);
  });

  it('keeps line numbers right across many batches and parser chunks', async () => {
    const body = Array.from({ length: 20000 }, (_, i) => (i % 1000 === 0 ? `"q\n${i}",${i}` : `${i},${i}`)).join('\n');
    const { rows } = await readAll(`a,b\n${body}\n`, 500);
    let line = 1;
    for (const [i, r] of rows.entries()) {
      line += i % 1000 === 0 ? 2 : 1;
      if (r.line !== line) throw new Error(`row ${i}: line ${r.line}, expected ${line}`);
    }
    expect(rows).toHaveLength(20000);
  });

  it('fails the file with the line of a quote error', async () => {
    const error = await readAll('a,b\n1,2\n3,"4"x\n5,6\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFileError);
    expect(error).toMatchObject({ code: 'file.csv', line: 3 });
    expect((error as Error).message).toMatch(/^x\.csv line 3: the CSV cannot be read/);
  });

  it('fails an empty file', async () => {
    await expect(readAll('')).rejects.toMatchObject({ code: 'file.empty' });
  });
});

describe('fingerprintFile', () => {
  it('hashes the bytes and finds the line of the first invalid UTF-8 byte', async () => {
    const path = join(dir, 'latin1.csv');
    await writeFile(path, Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x33, 0x0a])]));
    const fp = await fingerprintFile(path);
    expect(fp.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fp.invalidUtf8).toEqual({ line: 3, byteOffset: 11 });
    const good = join(dir, 'utf8.csv');
    await writeFile(good, '\uFEFFa,b\n伙伴,账单\n');
    expect((await fingerprintFile(good)).invalidUtf8).toBeUndefined();
  });
});
