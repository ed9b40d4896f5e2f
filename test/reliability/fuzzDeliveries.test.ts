import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/store/openDatabase';
import { ingestDelivery, type DeliveryReport } from '../../src/app/ingestDelivery';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';
import { Prng } from '../helpers/prng';
import { mutateDelivery, type Delivery } from './deliveryMutations';

/**
 * Ingest under hostile input: the demo delivery, mutated by a seeded PRNG (byte flips,
 * truncation, broken headers, bad UTF-8, NUL, 1 MB cells, exotic numbers, periods, times and
 * ids, mixed line endings, stray BOMs, conflicting copies), ingested in-process through the use
 * case the CLI runs. Every case must end without a crash; a file that cannot be read fails alone
 * with a message naming it; every file read satisfies rows read = accepted + rejected +
 * duplicates + conflicts, in the report and in the store. Reproduce a failure with
 * RECKON_FUZZ_SEED=<seed> (and RECKON_FUZZ_CASES); the failure names seed, case and mutations.
 */
const SEED = Number(process.env.RECKON_FUZZ_SEED ?? 0x2610_5eed);
const CASES = Number(process.env.RECKON_FUZZ_CASES ?? 300);
const BATCH = 50; // cases per store: one store per batch keeps opening cheap and lets duplicates and conflicts occur
const ZONE = 'Asia/Shanghai';
const DEMO = join(__dirname, '../../fixtures/demo/2026-10');

let root: string;
let demo: Delivery;

async function readDelivery(dir: string, prefix = ''): Promise<Delivery> {
  const files: Delivery = new Map();
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [n, b] of await readDelivery(dir, name)) files.set(n, b);
    else if (name.endsWith('.csv')) files.set(name, await readFile(join(dir, name)));
  }
  return files;
}

async function writeDelivery(dir: string, files: Delivery): Promise<void> {
  for (const [name, bytes] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
}

/** Ingests one delivery and lists every broken promise (empty when all hold). */
async function ingestAndCheck(db: Database, dir: string, files: Delivery, periodHint?: string): Promise<{ problems: string[]; report?: DeliveryReport }> {
  await writeDelivery(dir, files);
  let report: DeliveryReport;
  try {
    report = await ingestDelivery(db, dir, { zone: ZONE, periodHint });
  } catch (error) {
    return { problems: [`crash: ${(error as Error).stack ?? String(error)}`] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const problems: string[] = [];
  if (report.files.length !== files.size) problems.push(`report lists ${report.files.length} of ${files.size} files`);
  for (const f of report.files) {
    const sum = f.accepted + f.rejected + f.duplicates + f.conflicts;
    if (f.rowsRead !== sum) problems.push(`${f.fileName}: ${f.rowsRead} rows read but ${sum} accounted for`);
    if (f.status === 'failed' && !(/^file\./.test(f.error?.code ?? '') && f.error!.message.startsWith(f.fileName))) {
      problems.push(`${f.fileName}: failed without a file.* code and a message naming it: ${JSON.stringify(f.error)}`);
    }
  }
  problems.push(...await storedCountProblems(db, report.deliveryId));
  return { problems, report };
}

/** The stored side of the `ingest.count` identity, and one reject row set per rejected row. */
async function storedCountProblems(db: Database, deliveryId: number): Promise<string[]> {
  const problems: string[] = [];
  const stored = await db.knex('delivery_files').where({ delivery_id: deliveryId });
  for (const f of stored) {
    if (f.status === 'ingesting') problems.push(`${f.file_name}: left in state ingesting`);
    if (f.status !== 'ingested') continue;
    const [read, ok, bad, dup, con] = [f.rows_read, f.rows_accepted, f.rows_rejected, f.rows_duplicate, f.rows_conflict].map(Number);
    if (read !== ok! + bad! + dup! + con!) problems.push(`${f.file_name}: stored counts ${read} ≠ ${ok} + ${bad} + ${dup} + ${con}`);
    const rejects = await db.knex('rejects').where({ file_id: f.id }).select('line', 'code', 'message');
    const lines = new Set(rejects.map((r) => Number(r.line)));
    if (lines.size !== bad) problems.push(`${f.file_name}: ${bad} rows rejected but rejects on ${lines.size} lines`);
    const odd = rejects.find((r) => !/^row\./.test(r.code) || !String(r.message).startsWith(`${f.file_name} line ${r.line}`));
    if (odd !== undefined) problems.push(`${f.file_name}: reject without a row.* code or a message naming file and line: ${JSON.stringify(odd)}`);
  }
  return problems;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reckon-fuzz-'));
  demo = await readDelivery(DEMO);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the cases exercised, printed once: file outcomes by status or failure code, rejects by code. */
const exercised = { cases: 0, files: new Map<string, number>(), rejects: new Map<string, number>() };
const tally = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

describe(`ingest of seeded mutated deliveries (seed ${SEED}, ${CASES} cases)`, () => {
  afterAll(() => {
    const list = (map: Map<string, number>) => [...map].sort().map(([k, n]) => `${k} ${n}`).join(', ');
    console.info(`fuzz seed ${SEED}: ${exercised.cases} cases; files: ${list(exercised.files)}; rejects: ${list(exercised.rejects)}`);
  });
  const batches = Array.from({ length: Math.ceil(CASES / BATCH) }, (_, b) => b);
  it.each(batches)(`batch %i: no crash, unreadable files fail alone, rows read = accepted + rejected + duplicates + conflicts (seed ${SEED})`, async (batch) => {
    // Proves: for every mutated delivery of the batch, ingest survives and accounts for every row (DOMAIN §8, ingest.count).
    const rng = new Prng(SEED + batch);
    const store: TestDatabase = await openTestDatabase(`fuzz-${batch}`);
    const failures: string[] = [];
    try {
      for (let i = batch * BATCH; i < Math.min(CASES, (batch + 1) * BATCH); i++) {
        const { files, done } = mutateDelivery(rng, demo, 1 + rng.int(3));
        const { problems, report } = await ingestAndCheck(store.db, join(root, `case-${i}`), files, rng.int(2) === 0 ? '2026-10' : undefined);
        exercised.cases++;
        for (const f of report?.files ?? []) tally(exercised.files, f.error?.code ?? f.status);
        if (problems.length > 0) failures.push(`seed ${SEED} batch ${batch} case ${i}: ${done.join('; ')}\n  ${problems.join('\n  ')}`);
      }
      const byCode: { code: string; n: number | string }[] = await store.db.knex('rejects').select('code').count({ n: '*' }).groupBy('code');
      for (const r of byCode) tally(exercised.rejects, r.code, Number(r.n));
    } finally {
      await store.cleanup();
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

const REGRESSIONS = join(__dirname, 'regressions');

/** The demo delivery with some files replaced by `files` (name → bytes). */
function overlay(files: Delivery): Delivery {
  return new Map([...demo, ...files]);
}

/** Sets one cell (data row `row`, 1-based, of `column`) of a file of `files`, keeping its BOM and line ends; rows without quotes only. */
function setCell(files: Delivery, name: string, row: number, column: string, value: string): Delivery {
  const text = files.get(name)!.toString('utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  if (lines[row]!.includes('"')) throw new Error(`${name} row ${row} is quoted; pick another row`);
  const cells = lines[row]!.split(',');
  cells[lines[0]!.replace(/^\uFEFF/, '').split(',').indexOf(column)] = value;
  lines[row] = cells.join(',');
  files.set(name, Buffer.from(lines.join(eol), 'utf8'));
  return files;
}

describe('fixed regression cases (inputs that crashed ingest once)', () => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await openTestDatabase('fuzz-regressions');
  });
  afterAll(async () => {
    await store?.cleanup();
  });

  async function ingestCase(name: string, files: Delivery): Promise<DeliveryReport> {
    const { problems, report } = await ingestAndCheck(store.db, join(root, name), files, '2026-10');
    expect(problems).toEqual([]);
    return report!;
  }
  const statusOf = (report: DeliveryReport) => Object.fromEntries(report.files.map((f) => [f.fileName, f.error?.message ?? f.status]));

  it('bill_cycle 1969-12 and 0001-01 in consumption.csv are row.period rejects; the rest of the file is stored (was exit 70)', async () => {
    // Proves: periodBounds is never reached with an unsupported period; the other 722 rows of the file are accounted for.
    const files = setCell(setCell(overlay(new Map()), 'consumption.csv', 3, 'bill_cycle', '1969-12'), 'consumption.csv', 4, 'bill_cycle', '0001-01');
    const report = await ingestCase('period-before-1970', files);
    expect(report.files.find((f) => f.fileName === 'consumption.csv')).toMatchObject({ status: 'ingested', rowsRead: 725, rejected: 7 });
    const rejects = await store.db.knex('rejects').where({ code: 'row.period', column: 'bill_cycle' }).whereIn('raw_value', ['1969-12', '0001-01'])
      .orderBy('line').select('file_name', 'line', 'raw_value', 'message');
    expect(rejects.map((r) => [r.file_name, Number(r.line), r.raw_value])).toEqual([['consumption.csv', 4, '1969-12'], ['consumption.csv', 5, '0001-01']]);
    expect(rejects[0].message).toBe('consumption.csv line 4, column bill_cycle: "1969-12" is outside the supported periods 1970-01 to 9999-12');
  });

  it('every period-valued column of the other files, out of range, is a row.period reject of its row only', async () => {
    // Proves: target_period, provider-summary bill_cycle, coupon and special-incentive period, policy validity are all checked against the range.
    const cells: [string, string, string][] = [
      ['adjustments.csv', 'target_period', '0000-01'], ['reference/provider-summary.csv', 'bill_cycle', '1969-12'],
      ['reference/partner-coupons.csv', 'period', '0001-01'], ['reference/special-incentives.csv', 'period', '0000-01'],
      ['reference/incentive-policies.csv', 'valid_from', '1969-12'],
    ];
    const files = overlay(new Map());
    for (const [file, column, value] of cells) setCell(files, file, 1, column, value);
    const report = await ingestCase('every-period-column', files);
    for (const [file, column, value] of cells) {
      expect(report.files.find((f) => f.fileName === file), file).toMatchObject({ status: 'ingested' });
      const rejects = await store.db.knex('rejects').where({ file_name: file, line: 2, code: 'row.period' }).select('column', 'raw_value');
      expect(rejects.map((r) => [r.column, r.raw_value]), file).toEqual([[column, value]]);
    }
  });

  it.skipIf(!existsSync('/proc/self/mem'))('a file the system refuses to read (EIO) fails alone as file.read (it was exit 70)', async () => {
    // Proves: a read error while fingerprinting a file fails that file with a message naming it; the other files are ingested.
    const dir = join(root, 'unreadable');
    await writeDelivery(dir, overlay(new Map()));
    await unlink(join(dir, 'consumption.csv'));
    await symlink('/proc/self/mem', join(dir, 'consumption.csv')); // a regular file to stat(), but reading offset 0 is an I/O error
    const report = await ingestDelivery(store.db, dir, { zone: ZONE });
    await rm(dir, { recursive: true, force: true });
    const failed = report.files.filter((f) => f.status === 'failed');
    expect(failed.map((f) => [f.fileName, f.error?.code])).toEqual([['consumption.csv', 'file.read']]);
    expect(failed[0]!.error!.message).toMatch(/^consumption\.csv: the file cannot be read \(EIO/);
    expect(report.files).toHaveLength(demo.size);
    expect(await storedCountProblems(store.db, report.deliveryId)).toEqual([]);
  });

  it.each([
    ['seed-638607085-case-20', {
      'reference/marketplace-products.csv': 'reference/marketplace-products.csv line 3: the file holds a NUL byte (a UTF-16 or damaged file?) (first bad byte at offset 127); save it as UTF-8 text',
      'reference/incentive-policies.csv': /^reference\/incentive-policies\.csv line \d+: the file is not valid UTF-8/,
    }],
    ['seed-638607085-case-25', {
      'adjustments.csv': 'adjustments.csv line 13: the file holds a NUL byte (a UTF-16 or damaged file?) (first bad byte at offset 1375); save it as UTF-8 text',
    }],
    ['seed-638607085-case-91', {
      'reference/partners.csv': /^reference\/partners\.csv line 8: the file holds a NUL byte/,
      'reference/partner-coupons.csv': /^reference\/partner-coupons\.csv line 4: the file holds a NUL byte/,
    }],
  ])('%s: a file with a NUL byte fails alone as file.encoding (it crashed the ingest on PostgreSQL)', async (name, failures) => {
    // Proves: U+0000, which PostgreSQL text cannot hold, never reaches the store; the delivery's other files go on.
    const mutated = await readDelivery(join(REGRESSIONS, name));
    const report = await ingestCase(name, overlay(mutated));
    const statuses = statusOf(report);
    for (const [file, message] of Object.entries(failures)) expect(statuses[file], file).toMatch(message);
    for (const f of report.files) {
      if (!(f.fileName in failures)) expect(f.status, f.fileName).not.toBe('failed');
      else expect(f.error?.code, f.fileName).toBe('file.encoding');
    }
  });
});
