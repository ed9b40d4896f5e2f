import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { enqueueClose } from '../../../jobs/bullmq/enqueueClose';
import type { QueueConfig } from '../../../jobs/bullmq/queueConfig';
import { waitForClose } from '../../../jobs/bullmq/waitForClose';
import { EXIT_FAILED, EXIT_HELD, EXIT_OK, EXIT_TIMEOUT } from '../exitCodes';
import { withStore } from '../openStore';
import { createProgressReporter } from '../progressReporter';
import type { CloseOptions } from './closeCommand';
import { printCheckDigest, printCloseSummary } from './printCloseSummary';

/**
 * `reckon close` with REDIS_URL: enqueues the close flow and prints the run key (exit 0), or with
 * --wait follows it until the end and exits with its outcome (0 closed, 1 failed or parked, 3 held
 * by --fail-on, 4 when `timeoutMs` ran out first).
 */
export async function closeQueued(period: string, options: CloseOptions, config: QueueConfig, timeoutMs?: number): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const enqueued = await withStore(options.db, (db) => enqueueClose(config, {
    period, inputDir: options.input ? resolve(options.input) : undefined, outDir: resolve(options.out),
    allowEmpty: options.allowEmpty === true, failOn: options.failOn,
  }, { db }));
  if (enqueued.status === 'already-closed') {
    log(`${period} is already closed by run ${enqueued.runKey} (rev-${enqueued.run.revision}, finished ${enqueued.run.finishedAt ?? '?'}); nothing was enqueued.`);
    return EXIT_OK;
  }
  log(enqueued.status === 'joined'
    ? `run ${enqueued.runKey}: this close is already under way (job ${enqueued.jobId}); nothing new was enqueued.`
    : `run ${enqueued.runKey}: enqueued as job ${enqueued.jobId} (${enqueued.files.length} input file(s)).`);
  if (!options.wait) {
    log(`follow it with \`reckon runs --period ${period}\` or \`reckon close ${period} --wait …\`; workers: \`reckon worker\`.`);
    return EXIT_OK;
  }
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const outcome = await waitForClose(config, enqueued.jobId, {
      onProgress: (e) => progress.report(e),
      timeoutMs,
      onWorkers: (connected) => say(connected
        ? 'a worker is connected now; the close goes on.'
        : `no worker is connected to the queues (prefix ${config.prefix}): nothing will run this close until one starts (\`reckon worker\` with the same REDIS_URL); still waiting${timeoutMs === undefined ? ' (Ctrl-C stops waiting; the close stays queued)' : ''}.`),
    });
    progress.stop();
    if (outcome.status === 'timeout') {
      process.stderr.write(`reckon: [CBC.0999] stopped waiting for run ${enqueued.runKey} after ${options.timeout}; the close stays queued and goes on in the workers (\`reckon runs --period ${period}\`).\n`);
      return EXIT_TIMEOUT;
    }
    if (outcome.status === 'failed') {
      process.stderr.write(`reckon: run ${enqueued.runKey} failed: ${outcome.reason}\n`);
      return EXIT_FAILED;
    }
    if (outcome.status === 'already-closed') {
      log(`${period} is already closed by run ${outcome.runKey}: nothing new.`);
      return EXIT_OK;
    }
    printCloseSummary(outcome.summary, log);
    // The store was closed for the wait (it may last hours): opened again only to read the checks.
    await withStore(options.db, (store) => printCheckDigest(store, outcome.summary, log));
    const dir = resolve(options.out, period, `rev-${outcome.summary.revision}`);
    log(`${outcome.status === 'completed' ? 'statements' : 'files of the unsealed run'}: ${dir}`);
    if (existsSync(join(dir, 'index.html'))) log(`dashboard: ${join(dir, 'index.html')} (open it in a browser)`);
    return outcome.status === 'held' ? EXIT_HELD : outcome.status === 'parked' ? EXIT_FAILED : EXIT_OK;
  } finally {
    progress.stop();
  }
}
