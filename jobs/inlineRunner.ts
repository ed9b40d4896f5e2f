import type { DeliveryReport } from '../src/app/ingestDelivery';
import type { EmitResult } from '../src/app/close/emitStatements';
import type { CloseSummary } from '../src/app/close/finaliseClose';
import { computeIncentivesJob, computePartnersJob, computeSettlementsJob, emitJob, finaliseJob, ingestJob, parseClosePayload, prepareCloseJob, reconcileJob, type JobDefinition } from './catalog';
import { CloseError, describeError, isTransientError } from './errors';
import type { JobContext } from './jobContext';
import type { CloseMode, PreparedClose } from '../src/app/close/prepareClose';
import { failRun } from '../src/adapters/store/closeStore';
import { holdCloseLease, type LeaseWait } from '../src/app/close/waitForCloseLease';
import { retryDelayMs } from './retryPolicy';
import type { FailOn } from '../src/domain/reconcile/failOn';

export interface CloseOutcome {
  /** 'parked': the run completed without its parked partners (summary.parked); the period is not closed. */
  /** 'unchanged': a reopened period whose inputs did not change closed again at its revision. */
  /** 'held': --fail-on stopped the run before it sealed (summary.held says why); the period is not closed. */
  status: 'closed' | 'already-closed' | 'unchanged' | 'parked' | 'held';
  summary: CloseSummary;
  ingest?: DeliveryReport;
  emitted: EmitResult;
  /** Already closed: records of the period delivered since that no close has booked yet (a later close books them as corrections). */
  lateRecords: number;
}

/** Runs one job in-process with the job's retry policy for transient errors. */
export async function runJobInline<P, R>(job: JobDefinition<P, R>, payload: unknown, ctx: JobContext): Promise<R> {
  const parsed = job.parse(payload);
  for (let attempt = 1; ; attempt++) {
    try {
      const started = performance.now();
      const result = await job.process(parsed, ctx);
      if (process.env.RECKON_JOB_TIMES) {
        // maxRSS is in KiB: the peak so far shows which job raised it.
        const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
        process.stderr.write(`job ${job.name}: ${Math.round(performance.now() - started)} ms, peak RSS so far ${peakMiB} MiB\n`);
      }
      return result;
    } catch (err) {
      if (attempt >= job.retry.attempts || !isTransientError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(job.retry, attempt)));
    }
  }
}

/**
 * The close flow, in-process: ingest → prepare → compute per partner, settle merchants, compute
 * incentives → reconcile → emit → finalise. The same job graph the queued runner distributes over workers. A partner whose
 * compute fails is parked by the compute job; the run still completes, reports it, and leaves the
 * period `closing` so that the next close computes only what is missing.
 */
export async function runCloseInline(payload: unknown, ctx: JobContext, mode: CloseMode = { kind: 'commit' }, lease: LeaseWait = {}): Promise<CloseOutcome> {
  const { period } = parseClosePayload(payload);
  // A dry run changes nothing that stays: it needs no lease. A close holds it from ingest to finalise.
  if (mode.kind !== 'commit') return closeSteps(payload, ctx, mode);
  const held = await holdCloseLease(ctx.db, { period, ...lease });
  try {
    return await closeSteps(payload, ctx, mode, (runKey) => held.nameRun(runKey));
  } finally {
    await held.release();
  }
}

async function closeSteps(payload: unknown, ctx: JobContext, mode: CloseMode, onRun?: (runKey: string) => Promise<void>): Promise<CloseOutcome> {
  const { period, inputDir, outDir, allowEmpty, failOn } = parseClosePayload(payload);
  let ingest: DeliveryReport | undefined;
  if (inputDir) {
    ingest = await runJobInline(ingestJob, { period, inputDir }, ctx);
    const failed = ingest.files.filter((f) => f.status === 'failed');
    if (failed.length > 0) {
      throw new CloseError('close.input_failed', `cannot close ${period}: ${failed.length} input file(s) could not be read:\n` +
        failed.map((f) => `  ${f.fileName}: ${f.error?.message ?? 'failed'}`).join('\n'));
    }
  }
  const prepared = await runJobInline(prepareCloseJob, { period, mode, allowEmpty }, ctx);
  const runId = prepared.run.id;
  await onRun?.(prepared.run.runKey);
  try {
    return { ...(await runSteps(prepared, outDir, ctx, failOn)), ingest };
  } catch (err) {
    // The store tells what happened; the period stays closing and the next close retries the run.
    if (mode.kind === 'commit' && prepared.status === 'ready') await failRun(ctx.db, runId, describeError(err), ctx.now()).catch(() => undefined);
    throw err;
  }
}

/** Compute → reconcile → emit → finalise of a prepared run (emit and finalise only, when nothing is to compute). */
/** `failOn` absent: the finalise job's own default (never). */
async function runSteps(prepared: PreparedClose, outDir: string, ctx: JobContext, failOn: FailOn | undefined): Promise<Omit<CloseOutcome, 'ingest'>> {
  const runId = prepared.run.id;
  if (prepared.status === 'ready') {
    // In one process one pass over the period serves every partner; a queue fans out per partner.
    if (prepared.partnerIds.length > 0) {
      await runJobInline(computePartnersJob, { runId, partnerIds: prepared.partnerIds }, ctx);
    }
    ctx.progress({ stage: 'compute', label: 'settlements', done: 0, total: 1, unit: 'step' });
    await runJobInline(computeSettlementsJob, { runId, onlyMissing: prepared.retry }, ctx);
    ctx.progress({ stage: 'compute', label: 'settlements', done: 1, total: 1, unit: 'step' });
    ctx.progress({ stage: 'compute', label: 'incentives', done: 0, total: 1, unit: 'step' });
    await runJobInline(computeIncentivesJob, { runId, onlyMissing: prepared.retry }, ctx);
    ctx.progress({ stage: 'compute', label: 'incentives', done: 1, total: 1, unit: 'step' });
    ctx.progress({ stage: 'reconcile', label: 'checks', done: 0, total: 1, unit: 'step' });
    await runJobInline(reconcileJob, { runId }, ctx);
    ctx.progress({ stage: 'reconcile', label: 'checks', done: 1, total: 1, unit: 'step' });
  }
  // Files written again for a closed period are no new work: only a computed run's emit is a step.
  if (prepared.status === 'ready') ctx.progress({ stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' });
  const emitted = await runJobInline(emitJob, { runId, outDir }, ctx);
  if (prepared.status === 'ready') ctx.progress({ stage: 'emit', label: 'files', done: emitted.files.length, total: emitted.files.length, unit: 'items' });
  const summary = await runJobInline(finaliseJob, { runId, failOn }, ctx);
  return {
    status: prepared.status !== 'ready' ? prepared.status : summary.held !== undefined ? 'held' : summary.parked.length > 0 ? 'parked' : 'closed',
    summary,
    emitted,
    lateRecords: prepared.status === 'already-closed' ? prepared.lateRecords : 0,
  };
}
