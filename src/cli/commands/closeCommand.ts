import { join, resolve } from 'node:path';
import { queueConfigFromEnv } from '../../../jobs/bullmq/queueConfig';
import { runCloseInline } from '../../../jobs/inlineRunner';
import { configFromEnv } from '../../app/config';
import type { FailOn } from '../../domain/reconcile/failOn';
import { requireDuration, requirePeriod } from '../arguments';
import { EXIT_FAILED, EXIT_HELD, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { leaseWaitOf } from '../closeLeaseOptions';
import { describeStore, openStore, storeLocation } from '../openStore';
import { requireOutputFolder } from '../outputFolder';
import { createProgressReporter } from '../progressReporter';
import { printDeliveryReport } from './ingestCommand';
import { printCheckDigest, printCloseSummary } from './printCloseSummary';

export interface CloseOptions {
  input?: string;
  out: string;
  db?: string;
  quiet?: boolean;
  /** Queued runner: follow the close to its end (progress, outcome as exit code). */
  wait?: boolean;
  /** With --wait: give up waiting after this long (a duration such as 90s, 30m). */
  timeout?: string;
  /** Seconds to wait for another close of the same store (default RECKON_LOCK_TIMEOUT, else 600). */
  lockTimeout?: string;
  /** Which reconciliation outcomes stop the close before it seals (default never). */
  failOn?: FailOn;
  /** Close a period without records (refused otherwise: an empty month is usually a missing delivery). */
  allowEmpty?: boolean;
}

/**
 * `reckon close <YYYY-MM> --input <dir> --out <dir>`: ingest, close, write statements. With
 * REDIS_URL set the close is enqueued for the workers (closeQueued); without, it runs in-process.
 */
export async function closeCommand(period: string, options: CloseOptions): Promise<number> {
  requirePeriod(period);
  requireOutputFolder(options.out);
  if (options.timeout !== undefined && !options.wait) throw new UserError('--timeout goes with --wait (a queued close followed to its end)', EXIT_USAGE);
  const timeoutMs = options.timeout === undefined ? undefined : requireDuration(options.timeout, '--timeout');
  const queueConfig = queueConfigFromEnv(process.env);
  // Loaded only for a queued close: BullMQ costs every other close its start-up time.
  if (queueConfig !== undefined) return (await import('./closeQueued.js')).closeQueued(period, options, queueConfig, timeoutMs);
  if (options.wait) throw new UserError('--wait follows a queued close: it needs REDIS_URL (without it the close runs in this process and the command already waits)', EXIT_USAGE);
  const location = storeLocation(options.db, process.env);
  const db = await openStore(location);
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  try {
    const outcome = await runCloseInline(
      {
        period, inputDir: options.input ? resolve(options.input) : undefined, outDir: resolve(options.out),
        allowEmpty: options.allowEmpty === true, failOn: options.failOn,
      },
      { db, config: configFromEnv(process.env), now: () => new Date().toISOString(), progress: (e) => progress.report(e) },
      { kind: 'commit' },
      leaseWaitOf(options.lockTimeout, process.env),
    );
    progress.stop();
    const log = (line: string) => process.stdout.write(`${line}\n`);
    if (outcome.ingest) printDeliveryReport(outcome.ingest, log);
    const s = outcome.summary;
    if (outcome.status === 'already-closed') {
      if (outcome.lateRecords === 0) {
        log(`${period} is already closed by run ${s.runKey} (rev-${s.revision}): nothing new; its issued statements were checked and left as issued.`);
      } else {
        log(`${period} is already closed by run ${s.runKey} (rev-${s.revision}); its issued statements were left as issued.`);
        log(`warning: ${outcome.lateRecords} record(s) for ${period} arrived after it was closed: the next close of an open period books them as prior-period corrections (or \`reckon reopen ${period} --reason …\` to issue rev-${s.revision + 1}).`);
      }
    } else if (outcome.status === 'unchanged') {
      log(`${period}: inputs unchanged since rev-${s.revision} (same fingerprint): no new revision; the period is closed again at rev-${s.revision}.`);
    } else {
      printCloseSummary(s, log);
      await printCheckDigest(db, s, log);
    }
    log(`store: ${describeStore(location)}`);
    log(`${outcome.status === 'held' || outcome.status === 'parked' ? 'files of the unsealed run' : 'statements'}: ${outcome.emitted.dir} (${outcome.emitted.files.length} files, manifest.json lists their SHA-256)`);
    // A revision issued before dashboards existed has none: only a page that is there is named.
    if (outcome.emitted.files.some((f) => f.path === 'index.html')) log(`dashboard: ${join(outcome.emitted.dir, 'index.html')} (open it in a browser)`);
    return outcome.status === 'held' ? EXIT_HELD : outcome.status === 'parked' ? EXIT_FAILED : EXIT_OK;
  } finally {
    progress.stop();
    await db.close();
  }
}
