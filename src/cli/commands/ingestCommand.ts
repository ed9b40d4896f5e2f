import { errorFamilyOf } from '../../domain/errorFamilies';
import { resolve } from 'node:path';
import { configFromEnv } from '../../app/config';
import { ingestDelivery, type DeliveryReport } from '../../app/ingestDelivery';
import { ingestExport } from '../../app/ingestExport';
import { formatExact } from '../../domain/money/rounding';
import { compareDecimal, subtractDecimal } from '../../domain/money/exactDecimal';
import { IMPORT_FORMATS, isImportFormat, type ImportFormat } from '../../domain/imports/importFormat';
import type { ImportTallyData } from '../../domain/imports/importTally';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { openStore, storeLocation } from '../openStore';
import { requirePeriod } from '../arguments';
import { createProgressReporter } from '../progressReporter';

export function printDeliveryReport(report: DeliveryReport, log: (line: string) => void): void {
  log(`delivery ${report.deliveryId}: ${report.sourceDir}`);
  for (const f of report.files) {
    if (f.status === 'failed') {
      const code = f.error?.code ?? '';
      log(`  ${f.fileName}: FAILED ${code} [${errorFamilyOf(code)}]: ${f.error?.message ?? ''}`);
    } else if (f.status === 'already-ingested') {
      log(`  ${f.fileName}: already ingested (same SHA-256), nothing to do`);
    } else {
      const skipped = f.skipped > 0 ? ` + ${f.skipped} skipped (empty or NULL amount)` : '';
      log(`  ${f.fileName}: ${f.rowsRead} rows = ${f.accepted} accepted + ${f.rejected} rejected + ${f.duplicates} duplicates + ${f.conflicts} conflicts${skipped}`);
      if (f.importTally !== undefined) for (const line of importTallyLines(f.importTally)) log(`    ${line}`);
    }
  }
}

/** What an export file became: its charges as records, and the import check per currency and period. */
export function importTallyLines(t: ImportTallyData): string[] {
  const lines = t.charges.map((c) => `${c.charge} → ${c.kind}: ${c.records} record(s), Σ ${formatExact(c.sum)} ${c.currency}`);
  for (const total of t.totals) {
    const same = compareDecimal(total.columnSum, total.recordSum) === 0;
    const verdict = same ? 'ok' : `DIFFERS by ${formatExact(subtractDecimal(total.recordSum, total.columnSum))}`;
    lines.push(`import.total ${total.currency || '(no currency)'} ${total.period || '(no period)'}: amount column Σ ${formatExact(total.columnSum)} over ${total.rows} row(s), records Σ ${formatExact(total.recordSum)} over ${total.records}: ${verdict}`);
  }
  return lines;
}

/** The --format option: one of the import formats, or a usage error naming them. */
export function importFormatOption(value: string): ImportFormat {
  if (!isImportFormat(value)) throw new UserError(`--format must be one of ${IMPORT_FORMATS.join(', ')}, got "${value}"`, EXIT_USAGE);
  return value;
}

/**
 * `reckon ingest <dir>` (a contract delivery) or `reckon ingest <file-or-dir> --format …` (a cloud
 * export): exit 0 when every file was read (rejected rows included), 1 when a file could not be read.
 */
export async function ingestCommand(target: string, options: { db?: string; period?: string; quiet?: boolean; format?: string }): Promise<number> {
  if (options.period !== undefined) requirePeriod(options.period, '--period');
  const format = options.format === undefined ? undefined : importFormatOption(options.format);
  const db = await openStore(storeLocation(options.db, process.env));
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  try {
    const config = configFromEnv(process.env);
    const ingestOptions = {
      periodHint: options.period,
      zone: config.zone,
      onProgress: (e: { fileName: string; rowsDone: number; bytesDone: number; bytesTotal: number }) =>
        progress.report({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes', rows: e.rowsDone }),
    };
    const report = format === undefined
      ? await ingestDelivery(db, resolve(target), ingestOptions)
      : await ingestExport(db, target, format, ingestOptions);
    progress.stop();
    printDeliveryReport(report, (line) => process.stdout.write(`${line}\n`));
    return report.files.some((f) => f.status === 'failed') ? EXIT_FAILED : EXIT_OK;
  } finally {
    progress.stop();
    await db.close();
  }
}
