import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { runStep, type StepResult } from './measureStep';
import { scriptArgs, usageError } from './scriptArgs';

/**
 * Import of a large cloud export: a FOCUS 1.0 file of --rows rows (default 1,000,000; built by
 * repeating the rows of the FOCUS sample with other sub-accounts, resources and hours), then
 *   1. csv-parse alone over it (the ingest's options), the floor,
 *   2. `reckon ingest <file> --format focus` into a fresh SQLite store,
 *   3. the same again (the file is known: nothing to do),
 * each in its own process with wall time and peak RSS. Shows that an export streams: the peak
 * does not grow with the file. Prints a table and writes bench/import-results.json.
 *
 *   node dist/bench/importThroughput.js [--rows N] [--data DIR]
 */
const ROOT = resolve(__dirname, '..', '..');
const SAMPLE = resolve(ROOT, 'fixtures', 'imports', 'focus', 'focus-1.0_sample_1000.csv');

const USAGE = `usage: node dist/bench/importThroughput.js [--rows N] [--data DIR]
  --rows N     rows of the generated FOCUS file (default 1000000)
  --data DIR   where the file is generated, or reused when there (default bench/data-import)`;

/** Rows of the generated export: as the sample's own CSV (LF, quoting only where needed), a chunk at a time. */
const GENERATED_CHUNK_ROWS = 10_000;

/** A FOCUS file of `rows` rows: the sample's rows over and over, each copy under other sub-accounts, resources and hours. */
async function generateFocus(path: string, rows: number): Promise<void> {
  const [header, ...sample] = parse(readFileSync(SAMPLE), { bom: true }) as string[][];
  const col = (name: string) => header!.indexOf(name);
  const [sub, resource, start] = [col('SubAccountId'), col('ResourceId'), col('ChargePeriodStart')];
  const out = createWriteStream(path);
  out.write(stringify([header!]));
  let chunk: string[][] = [];
  const flush = async () => {
    const text = stringify(chunk);
    chunk = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  for (let i = 0; i < rows; i++) {
    const copy = Math.floor(i / sample.length);
    const row = [...sample[i % sample.length]!];
    row[sub] = `${row[sub]}-${copy % 500}`;
    if (row[resource] !== 'NULL') row[resource] = `${row[resource]}-${copy}`;
    row[start] = row[start]!.replace(/ (\d\d):/, (_m, h: string) => ` ${String((Number(h) + copy) % 24).padStart(2, '0')}:`);
    chunk.push(row);
    if (chunk.length === GENERATED_CHUNK_ROWS) await flush();
  }
  if (chunk.length > 0) await flush();
  out.end();
  await once(out, 'close');
}

async function main(): Promise<number> {
  const { values } = scriptArgs('importThroughput', USAGE, {
    args: process.argv.slice(2),
    options: { rows: { type: 'string', default: '1000000' }, data: { type: 'string', default: join('bench', 'data-import') } },
  });
  const rows = Number(values.rows.replace(/_/g, ''));
  if (!Number.isSafeInteger(rows) || rows <= 0) usageError('importThroughput', `--rows must be a positive integer, got ${values.rows}`);
  const dataDir = resolve(ROOT, values.data);
  const file = join(dataDir, `focus-${rows}.csv`);
  if (!existsSync(file)) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    process.stdout.write(`generating ${rows} FOCUS rows into ${file} …\n`);
    await generateFocus(file, rows);
  }
  const bytes = statSync(file).size;
  const work = mkdtempSync(join(tmpdir(), 'reckon-import-bench-'));
  const cli = join(ROOT, 'bin', 'reckon.js');
  const db = join(work, 'store.sqlite');
  const results: StepResult[] = [];
  try {
    const csv = await runStep('csv-parse', [join(ROOT, 'dist', 'bench', 'runBench.js'), '--csv-parse-only', file, 'ingest'], work, true);
    results.push(csv);
    results.push(await runStep('ingest --format focus', [cli, 'ingest', file, '--format', 'focus', '--db', db, '-q'], work, true));
    results.push(await runStep('ingest again', [cli, 'ingest', file, '--format', 'focus', '--db', db, '-q'], work, true));
    const ingestStdout = (results[1] as StepResult & { stdout: string }).stdout;
    const base = csv.wallMs;
    process.stdout.write(`\nFOCUS export: ${rows} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB\n`);
    process.stdout.write(`${'step'.padEnd(24)} ${'wall s'.padStart(8)} ${'× csv-parse'.padStart(12)} ${'rows/s'.padStart(10)} ${'peak MiB'.padStart(9)}\n`);
    for (const r of results) {
      const line = `${r.step.padEnd(24)} ${(r.wallMs / 1000).toFixed(2).padStart(8)} ${(r.wallMs / base).toFixed(2).padStart(12)} ${Math.round(rows / (r.wallMs / 1000)).toString().padStart(10)} ${(r.peakRssMiB ?? NaN).toFixed(1).padStart(9)}`;
      process.stdout.write(`${line}${r.ok ? '' : `  FAILED: ${r.error}`}\n`);
    }
    const check = /import\.total .*: (ok|DIFFERS.*)$/m.exec(ingestStdout)?.[1] ?? 'not printed';
    process.stdout.write(`import.total: ${check}\n`);
    writeFileSync(join(ROOT, 'bench', 'import-results.json'), `${JSON.stringify({
      rows, bytes, importTotal: check,
      steps: results.map((r) => ({ step: r.step, ok: r.ok, wallMs: Math.round(r.wallMs), overCsvParse: Number((r.wallMs / base).toFixed(3)), peakRssMiB: r.peakRssMiB === undefined ? null : Number(r.peakRssMiB.toFixed(1)) })),
    }, null, 2)}\n`);
    process.stdout.write('written: bench/import-results.json\n');
    return results.every((r) => r.ok) && check === 'ok' ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
