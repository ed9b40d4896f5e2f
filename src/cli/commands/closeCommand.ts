import { resolve } from 'node:path';
import { configFromEnv } from '../../app/config';
import { runCloseInline } from '../../../jobs/inlineRunner';
import { isPeriod } from '../../domain/period/period';
import { EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { describeStore, openStore, storeLocation } from '../openStore';
import { createProgressReporter } from '../progressReporter';
import { printDeliveryReport } from './ingestCommand';

export interface CloseOptions {
  input?: string;
  out: string;
  db?: string;
  quiet?: boolean;
}

/** `reckon close <YYYY-MM> --input <dir> --out <dir>`: ingest, close, write statements. */
export async function closeCommand(period: string, options: CloseOptions): Promise<number> {
  if (!isPeriod(period)) throw new UserError(`"${period}" is not a period; write it as YYYY-MM, e.g. 2026-10`, EXIT_USAGE);
  const location = storeLocation(options.db, process.env);
  const db = await openStore(location);
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  try {
    const outcome = await runCloseInline(
      { period, inputDir: options.input ? resolve(options.input) : undefined, outDir: resolve(options.out) },
      { db, config: configFromEnv(process.env), now: () => new Date().toISOString(), progress: (e) => progress.report(e) },
    );
    progress.stop();
    const log = (line: string) => process.stdout.write(`${line}\n`);
    if (outcome.ingest) printDeliveryReport(outcome.ingest, log);
    const s = outcome.summary;
    if (outcome.status === 'already-closed') {
      log(`${period} was already closed (rev-${s.revision}); the issued statements were written again unchanged.`);
      if (outcome.inputsChanged) {
        log(`note: records for ${period} arrived after it was closed; they are late records and are booked as prior-period corrections by a later close.`);
      }
    } else {
      log(`closed ${period} rev-${s.revision}: ${s.statements} statement(s) for ${s.partners} partner(s)`);
    }
    log(`reconciliation: ${s.checks.ok} ok, ${s.checks.warn} warn, ${s.checks.fail} fail (see reconciliation.csv)`);
    log(`store: ${describeStore(location)}`);
    log(`statements: ${outcome.emitted.dir} (${outcome.emitted.files.length} files, manifest.json lists their SHA-256)`);
    return EXIT_OK;
  } finally {
    progress.stop();
    await db.close();
  }
}
