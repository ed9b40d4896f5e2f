import { importToDelivery } from '../../app/importToDelivery';
import { EXIT_OK } from '../exitCodes';
import { createProgressReporter } from '../progressReporter';
import { importFormatOption, importTallyLines } from './ingestCommand';

/** `reckon import <path> --format … --out <dir>`: writes the contract delivery; exit 0 when every file was read (rejects included). */
export async function importCommand(path: string, options: { format: string; out: string; quiet?: boolean }): Promise<number> {
  const format = importFormatOption(options.format);
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  try {
    const report = await importToDelivery(path, format, options.out,
      (e) => progress.report({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes' }));
    progress.stop();
    const log = (line: string) => process.stdout.write(`${line}\n`);
    for (const f of report.files) {
      const t = f.tally;
      log(`${f.fileName}: ${t.rowsRead} rows = ${t.records} records + ${t.skipped} skipped (empty or NULL amount) + ${t.rejected} rejected`);
      for (const line of importTallyLines(t)) log(`  ${line}`);
    }
    log(`wrote ${report.outDir}: ${report.written.join(', ') || 'nothing (no rows with an amount)'} (${report.consumption} consumption, ${report.refunds} refunds, ${report.rejects} reject lines)`);
    return EXIT_OK;
  } finally {
    progress.stop();
  }
}
