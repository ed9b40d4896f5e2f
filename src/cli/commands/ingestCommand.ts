import { resolve } from 'node:path';
import { configFromEnv } from '../../app/config';
import { ingestDelivery, type DeliveryReport } from '../../app/ingestDelivery';
import { EXIT_FAILED, EXIT_OK } from '../exitCodes';
import { openStore, storeLocation } from '../openStore';
import { requirePeriod } from '../arguments';
import { createProgressReporter } from '../progressReporter';

export function printDeliveryReport(report: DeliveryReport, log: (line: string) => void): void {
  log(`delivery ${report.deliveryId}: ${report.sourceDir}`);
  for (const f of report.files) {
    if (f.status === 'failed') {
      log(`  ${f.fileName}: FAILED ${f.error?.code ?? ''}: ${f.error?.message ?? ''}`);
    } else if (f.status === 'already-ingested') {
      log(`  ${f.fileName}: already ingested (same SHA-256), nothing to do`);
    } else {
      log(`  ${f.fileName}: ${f.rowsRead} rows = ${f.accepted} accepted + ${f.rejected} rejected + ${f.duplicates} duplicates + ${f.conflicts} conflicts`);
    }
  }
}

/** `reckon ingest <dir>`: exit 0 when every file was read (rejected rows included), 1 when a file could not be read. */
export async function ingestCommand(dir: string, options: { db?: string; period?: string; quiet?: boolean }): Promise<number> {
  if (options.period !== undefined) requirePeriod(options.period, '--period');
  const db = await openStore(storeLocation(options.db, process.env));
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  try {
    const config = configFromEnv(process.env);
    const report = await ingestDelivery(db, resolve(dir), {
      periodHint: options.period,
      zone: config.zone,
      onProgress: (e) => progress.report({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes' }),
    });
    progress.stop();
    printDeliveryReport(report, (line) => process.stdout.write(`${line}\n`));
    return report.files.some((f) => f.status === 'failed') ? EXIT_FAILED : EXIT_OK;
  } finally {
    progress.stop();
    await db.close();
  }
}
