import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { runStep, type StepResult } from './measureStep';
import { scriptArgs, usageError } from './scriptArgs';
import { BENCH_GENERATOR_VERSION, DEFAULT_BENCH_PARTNERS, generateBenchDelivery, type BenchMeta } from '../fixtures/generator/bench';

/**
 * Benchmark of a period close on a large delivery (default 1,000,000 consumption rows):
 *   1. csv-parse alone over consumption.csv (the floor: reading the file at all), twice: with the
 *      options the ingest uses (the primary baseline) and with `columns` + `info` (STACK.md §3),
 *   2. `reckon ingest <dir>` into a fresh database,
 *   3. `reckon close 2026-10 --input <dir>` into another fresh database, then the same close again
 *      (nothing new: target ≤ 0.1 × the first close),
 * each in its own child process with its wall time and peak RSS. Targets: close ≤ 2.5 × csv-parse
 * alone (both ratios are reported), peak RSS ≤ 300 MiB. Prints a table and writes bench/results.json.
 *
 * With --scale (e.g. --scale 2000000,5000000), larger months of the same shape are closed too:
 * targets time ≤ 2.2× per doubling of rows and peak RSS ≤ 1.2× the main close's. The close runs
 * with RECKON_JOB_TIMES=1, so its job-by-job profile is printed and kept in results.json.
 *
 *   node dist/bench/runBench.js [--rows N] [--partners N] [--data DIR] [--scale N,…] [--keep] [--skip-cli]
 */

const ROOT = resolve(__dirname, '..', '..');
const PERIOD = '2026-10';
const TARGET_RATIO = 2.5;
const TARGET_RSS_MIB = 300;
/** Closing a closed month again with nothing new, against its first close. */
const TARGET_RECLOSE_RATIO = 0.1;
/** A larger month (--scale): its close time against the main close, per doubling of rows, and its peak RSS against the main close's. */
const TARGET_SCALE_TIME_PER_DOUBLING = 2.2;
const TARGET_SCALE_RSS_RATIO = 1.2;


const USAGE = `usage: node dist/bench/runBench.js [--rows N] [--partners N] [--data DIR] [--scale N,…] [--keep] [--skip-cli]
  --rows N        consumption rows of the generated month (default 1000000)
  --partners N    partners of the generated month (default ${DEFAULT_BENCH_PARTNERS})
  --data DIR      where the delivery is generated, or reused when it matches (default bench/data)
  --scale N,…     also close larger months of the same shape (row counts above --rows)
  --keep          keep the work directory (stores and statements of the run)
  --skip-cli      generate the delivery and time csv-parse only
(internal: runBench.js --csv-parse-only FILE [ingest|info] times csv-parse alone over FILE)`;

function positiveInt(raw: string, name: string): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) usageError('runBench', `${name} must be a positive integer, got ${raw}`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Child mode: csv-parse only.
// ---------------------------------------------------------------------------------------------

/**
 * The csv-parse baselines. 'ingest': the options the ingest itself uses (src/adapters/csv/
 * readCsvFile.ts: rows as arrays of strings, no `columns`, no `info`), the primary baseline.
 * 'info': `columns: true` + `info: true`, the configuration STACK.md §3 measured.
 */
const CSV_PARSE_BASELINES = {
  ingest: { label: 'csv-parse (ingest options)', options: { bom: true, cast: false, relax_column_count: true } },
  info: { label: 'csv-parse (columns + info)', options: { bom: true, columns: true, info: true } },
} as const;
type CsvBaseline = keyof typeof CSV_PARSE_BASELINES;

async function csvParseOnly(file: string, baseline: CsvBaseline): Promise<void> {
  const started = process.hrtime.bigint();
  let records = 0;
  await pipeline(
    createReadStream(file),
    parse({ ...CSV_PARSE_BASELINES[baseline].options }),
    new Writable({
      objectMode: true,
      write(_record: unknown, _enc, done) {
        records += 1;
        done();
      },
    }),
  );
  const parseMs = Number(process.hrtime.bigint() - started) / 1e6;
  // Without `columns`, the header line is a record too.
  if (baseline === 'ingest') records -= 1;
  process.stdout.write(`${JSON.stringify({ records, parseMs, options: CSV_PARSE_BASELINES[baseline].options })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: data, children, report.
// ---------------------------------------------------------------------------------------------

async function ensureData(dir: string, rows: number, partners: number): Promise<{ meta: BenchMeta; reused: boolean; generateMs: number }> {
  const metaFile = join(dir, 'bench-meta.json');
  if (existsSync(metaFile) && existsSync(join(dir, 'consumption.csv'))) {
    try {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BenchMeta;
      if (meta.rows === rows && meta.generatorVersion === BENCH_GENERATOR_VERSION && meta.partners === partners) {
        return { meta, reused: true, generateMs: 0 };
      }
    } catch {
      // regenerate below
    }
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`generating ${rows} consumption rows into ${dir} …\n`);
  const started = process.hrtime.bigint();
  const { out: _out, ...meta } = await generateBenchDelivery({ out: dir, rows, partners });
  return { meta, reused: false, generateMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

const fmtS = (ms: number): string => (ms / 1000).toFixed(2);
const fmtMiB = (m: number | undefined): string => (m === undefined ? 'n/a' : m.toFixed(1));

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = scriptArgs('runBench', USAGE, {
    args: argv,
    allowPositionals: true,
    options: {
      rows: { type: 'string', default: '1000000' },
      partners: { type: 'string', default: String(DEFAULT_BENCH_PARTNERS) },
      data: { type: 'string', default: join('bench', 'data') },
      scale: { type: 'string', default: '' },
      keep: { type: 'boolean', default: false },
      'skip-cli': { type: 'boolean', default: false },
      'csv-parse-only': { type: 'string' },
    },
  });
  if (values['csv-parse-only'] !== undefined) {
    const baseline = (positionals[0] ?? 'ingest') as CsvBaseline;
    if (!(baseline in CSV_PARSE_BASELINES) || positionals.length > 1) usageError('runBench', `unknown csv-parse baseline ${positionals.join(' ')}`);
    await csvParseOnly(values['csv-parse-only'], baseline);
    return 0;
  }
  if (positionals.length > 0) usageError('runBench', `unexpected argument '${positionals[0]}'`);
  const rows = positiveInt(values.rows, '--rows');
  const partnerCount = positiveInt(values.partners, '--partners');
  const dataDir = resolve(ROOT, values.data);
  const keep = values.keep;
  const skipCli = values['skip-cli'];
  const scaleRows = values.scale.split(',').filter((x) => x !== '').map((x) => {
    const n = positiveInt(x, '--scale');
    if (n <= rows) usageError('runBench', `--scale takes row counts larger than --rows, got ${x}`);
    return n;
  });

  const data = await ensureData(dataDir, rows, partnerCount);
  const consumptionFile = join(dataDir, 'consumption.csv');
  process.stdout.write(`delivery: ${dataDir} (${data.meta.rows} consumption rows, ${data.meta.partners} partners, ${data.meta.customers} customers; ${data.reused ? 'reused' : `generated in ${fmtS(data.generateMs)} s`})\n`);

  const work = mkdtempSync(join(tmpdir(), 'reckon-bench-'));
  const results: StepResult[] = [];
  try {
    for (const baseline of Object.keys(CSV_PARSE_BASELINES) as CsvBaseline[]) {
      const step = `csv-parse:${baseline}`;
      const csv = await runStep(step, [join(ROOT, 'dist', 'bench', 'runBench.js'), '--csv-parse-only', consumptionFile, baseline], work, true);
      try {
        csv.detail = JSON.parse(csv.stdout.trim()) as Record<string, unknown>;
        if (csv.detail.records !== data.meta.rows) {
          csv.ok = false;
          csv.error = `csv-parse counted ${String(csv.detail.records)} records, expected ${data.meta.rows}`;
        }
      } catch {
        csv.ok = false;
        csv.error ??= 'csv-parse child printed no result';
      }
      results.push(stripStdout(csv));
      process.stdout.write(`${CSV_PARSE_BASELINES[baseline].label}: ${fmtS(csv.wallMs)} s\n`);
    }

    if (!skipCli) {
      const bin = join(ROOT, 'bin', 'reckon.js');
      const ingest = await runStep('ingest', [bin, 'ingest', dataDir, '--db', join(work, 'ingest.sqlite')], work, false);
      results.push(stripStdout(ingest));
      process.stdout.write(`ingest: ${ingest.ok ? `${fmtS(ingest.wallMs)} s` : 'failed'}\n`);
      const close = await runStep('close', [bin, 'close', PERIOD, '--input', dataDir, '--out', join(work, 'out'), '--db', join(work, 'close.sqlite')], work, false);
      results.push(stripStdout(close));
      process.stdout.write(`close: ${close.ok ? `${fmtS(close.wallMs)} s` : 'failed'}\n`);
      // The same close again, nothing new: it must find that out without recomputing the month.
      const again = await runStep('close-again', [bin, 'close', PERIOD, '--input', dataDir, '--out', join(work, 'out'), '--db', join(work, 'close.sqlite')], work, false);
      results.push(stripStdout(again));
      process.stdout.write(`close again (nothing new): ${again.ok ? `${fmtS(again.wallMs)} s` : 'failed'}\n`);
      // Larger months of the same shape: does the close grow linearly, and its memory not at all?
      for (const n of scaleRows) {
        const dir = resolve(ROOT, 'bench', `data-${n}`);
        const scaled = await ensureData(dir, n, partnerCount);
        const step = `close@${n}`;
        const run = await runStep(step, [bin, 'close', PERIOD, '--input', dir, '--out', join(work, `out-${n}`), '--db', join(work, `close-${n}.sqlite`)], work, false);
        run.detail = { ...run.detail, rows: scaled.meta.rows };
        results.push(stripStdout(run));
        process.stdout.write(`close of ${n} rows: ${run.ok ? `${fmtS(run.wallMs)} s` : 'failed'}\n`);
        rmSync(join(work, `close-${n}.sqlite`), { force: true });
        rmSync(join(work, `out-${n}`), { recursive: true, force: true });
      }
    }
  } finally {
    if (keep) process.stdout.write(`kept work directory ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }

  const close = results.find((r) => r.step === 'close');
  const ratios = (Object.keys(CSV_PARSE_BASELINES) as CsvBaseline[]).map((baseline) => {
    const csv = results.find((r) => r.step === `csv-parse:${baseline}`);
    const ratio = csv?.ok && close?.ok ? close.wallMs / csv.wallMs : undefined;
    return { baseline, label: CSV_PARSE_BASELINES[baseline].label, ratio, met: ratio === undefined ? undefined : ratio <= TARGET_RATIO };
  });
  const again = results.find((r) => r.step === 'close-again');
  const againRatio = again?.ok && close?.ok ? again.wallMs / close.wallMs : undefined;
  const scaled = results.filter((r) => r.step.startsWith('close@')).map((r) => {
    const n = Number(r.step.slice('close@'.length));
    const doublings = Math.log2(n / rows);
    const timeRatio = r.ok && close?.ok ? r.wallMs / close.wallMs : undefined;
    const timeLimit = TARGET_SCALE_TIME_PER_DOUBLING ** doublings;
    const rssRatio = r.ok && close?.ok && r.peakRssMiB !== undefined && close.peakRssMiB !== undefined ? r.peakRssMiB / close.peakRssMiB : undefined;
    return { rows: n, timeRatio, timeLimit, rssRatio };
  });
  // Job profile of the close, in csv-parse times: where the time goes.
  const primaryCsv = results.find((r) => r.step === 'csv-parse:ingest');
  const jobsMs = (close?.detail.jobsMs ?? {}) as Record<string, number>;
  const jobsPeak = (close?.detail.jobsPeakRssMiB ?? {}) as Record<string, number>;
  const profile = primaryCsv?.ok
    ? Object.entries(jobsMs).map(([job, ms]) => `  ${job.padEnd(22)} ${fmtS(ms).padStart(8)} s  ${(ms / primaryCsv.wallMs).toFixed(2).padStart(6)} × csv-parse${
      jobsPeak[job] !== undefined ? `  peak so far ${String(jobsPeak[job]).padStart(4)} MiB` : ''}`)
    : [];
  const rssTargets = results.filter((r) => !r.step.startsWith('csv-parse') && !r.step.startsWith('close@')).map((r) => ({
    step: r.step, peakRssMiB: r.peakRssMiB, met: r.ok && r.peakRssMiB !== undefined ? r.peakRssMiB <= TARGET_RSS_MIB : undefined,
  }));

  // Table.
  const lines = [
    '',
    `| step | wall (s) | peak RSS (MiB) | status |`,
    `| --- | ---: | ---: | --- |`,
    ...results.map((r) => `| ${r.step} | ${r.ok ? fmtS(r.wallMs) : '—'} | ${r.ok ? fmtMiB(r.peakRssMiB) : '—'} | ${r.ok ? 'ok' : `FAILED (exit ${String(r.exitCode)})`} |`),
    '',
    ...ratios.map((r) => `close / ${r.label} = ${r.ratio === undefined ? 'n/a' : r.ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}): ${r.met === undefined ? 'not measured' : r.met ? 'met' : 'NOT met'}${r.baseline === 'ingest' ? ' [primary]' : ''}`),
    `close again / close = ${againRatio === undefined ? 'n/a' : againRatio.toFixed(3)} (target ≤ ${TARGET_RECLOSE_RATIO}): ${againRatio === undefined ? 'not measured' : againRatio <= TARGET_RECLOSE_RATIO ? 'met' : 'NOT met'}`,
    ...rssTargets.map((t) => `peak RSS ${t.step} = ${fmtMiB(t.peakRssMiB)} MiB (target ≤ ${TARGET_RSS_MIB} MiB): ${t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT met'}`),
    ...scaled.flatMap((x) => [
      `close of ${x.rows} / close of ${rows} = ${x.timeRatio === undefined ? 'n/a' : x.timeRatio.toFixed(2)} (target ≤ ${x.timeLimit.toFixed(2)}): ${x.timeRatio === undefined ? 'not measured' : x.timeRatio <= x.timeLimit ? 'met' : 'NOT met'}`,
      `peak RSS close of ${x.rows} / of ${rows} = ${x.rssRatio === undefined ? 'n/a' : x.rssRatio.toFixed(2)} (target ≤ ${TARGET_SCALE_RSS_RATIO}): ${x.rssRatio === undefined ? 'not measured' : x.rssRatio <= TARGET_SCALE_RSS_RATIO ? 'met' : 'NOT met'}`,
    ]),
    ...(profile.length > 0 ? ['', 'close, job by job (inline runner):', ...profile] : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  for (const r of results) if (!r.ok && r.error) process.stdout.write(`\n${r.step} failed:\n${r.error}\n`);

  const report = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    totalMemMiB: Math.round(totalmem() / 1048576),
    delivery: { dir: dataDir.startsWith(ROOT) ? dataDir.slice(ROOT.length + 1) : dataDir, ...data.meta, reused: data.reused },
    steps: results,
    targets: {
      closeOverCsvParse: ratios.map((r) => ({
        baseline: r.baseline, label: r.label, primary: r.baseline === 'ingest',
        ratio: r.ratio === undefined ? null : Number(r.ratio.toFixed(3)), limit: TARGET_RATIO, met: r.met ?? null,
      })),
      closeAgainOverClose: { ratio: againRatio === undefined ? null : Number(againRatio.toFixed(3)), limit: TARGET_RECLOSE_RATIO, met: againRatio === undefined ? null : againRatio <= TARGET_RECLOSE_RATIO },
      peakRss: rssTargets.map((t) => ({ step: t.step, peakRssMiB: t.peakRssMiB === undefined ? null : Number(t.peakRssMiB.toFixed(1)), limitMiB: TARGET_RSS_MIB, met: t.met ?? null })),
      scale: scaled.map((x) => ({
        rows: x.rows,
        timeRatio: x.timeRatio === undefined ? null : Number(x.timeRatio.toFixed(3)), timeLimit: Number(x.timeLimit.toFixed(3)),
        met: x.timeRatio === undefined ? null : x.timeRatio <= x.timeLimit,
        rssRatio: x.rssRatio === undefined ? null : Number(x.rssRatio.toFixed(3)), rssLimit: TARGET_SCALE_RSS_RATIO,
        rssMet: x.rssRatio === undefined ? null : x.rssRatio <= TARGET_SCALE_RSS_RATIO,
      })),
    },
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  process.stdout.write(`\nwritten: bench/results.json\n`);
  return results.every((r) => r.ok) ? 0 : 1;
}

function stripStdout<T extends { stdout: string }>(r: T): Omit<T, 'stdout'> {
  const { stdout: _ignored, ...rest } = r;
  return rest;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
