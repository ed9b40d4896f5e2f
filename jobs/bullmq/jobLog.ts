import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../../src/adapters/log/logger';
import { runOfJobId } from './jobIds';

export type JobOutcome = 'completed' | 'failed' | 'delayed' | 'retrying';

/**
 * What every line about a job carries: queue, job name and id, attempt, and the run it belongs
 * to (period and run key from the job's data or id, run id once the run exists), plus the
 * partners of a compute job and the file of an ingest job, so that `jq 'select(.runKey==…)'`
 * follows one close across all workers.
 */
export function jobLogContext(queue: string, job: Job): Record<string, unknown> {
  const data = (typeof job.data === 'object' && job.data !== null ? job.data : {}) as Record<string, unknown>;
  const jobId = String(job.id);
  const run = runOfJobId(jobId);
  const period = typeof data.period === 'string' ? data.period : run?.period;
  const partnerIds = Array.isArray(data.partnerIds) ? data.partnerIds.map(String) : [];
  return {
    queue,
    job: job.name,
    jobId,
    attempt: job.attemptsMade + 1,
    ...(period !== undefined ? { period } : {}),
    ...(run !== undefined ? { runKey: run.runKey } : {}),
    ...(typeof data.runId === 'number' ? { runId: data.runId } : {}),
    ...(partnerIds.length === 1 ? { partnerId: partnerIds[0] } : partnerIds.length > 1 ? { partnerIds } : {}),
    ...(typeof data.file === 'string' ? { file: data.file } : {}),
  };
}

/** Fields of a job's return value worth a place on its end line (plan-close's run id, a scheduled close's period, why finalise held a run…). */
const RESULT_FIELDS = ['runId', 'runKey', 'period', 'status', 'partners', 'triggered', 'held'] as const;

/**
 * `processor` with a start line and an end line per job: `durationMs` and `outcome` (completed;
 * delayed: put back to wait for a busy store; retrying: failed, another attempt follows; failed:
 * for good), with the error's message and code on failure.
 */
export function loggedProcessor<T>(log: Logger, queue: string, processor: (job: Job, token?: string) => Promise<T>): (job: Job, token?: string) => Promise<T> {
  return async (job, token) => {
    const context = jobLogContext(queue, job);
    const jobLog = log.child(context);
    const started = Date.now();
    jobLog.info({ event: 'job.start' }, `${job.name} started`);
    try {
      const result = await processor(job, token);
      const durationMs = Date.now() - started;
      jobLog.info({ event: 'job.end', outcome: 'completed', durationMs, ...resultFields(result, context) }, `${job.name} completed in ${durationMs} ms`);
      return result;
    } catch (err) {
      const durationMs = Date.now() - started;
      const outcome = outcomeOf(job, err);
      if (outcome === 'delayed') {
        jobLog.info({ event: 'job.end', outcome, durationMs }, `${job.name} delayed: the store is busy with another close`);
      } else {
        const { message, code } = errorFields(err);
        (outcome === 'failed' ? jobLog.error : jobLog.warn).call(jobLog, { event: 'job.end', outcome, durationMs, error: message, ...(code ? { code } : {}) },
          `${job.name} ${outcome === 'failed' ? 'failed' : 'failed, will retry'}: ${message}`);
      }
      throw err;
    }
  };
}

function outcomeOf(job: Job, err: unknown): JobOutcome {
  if (err instanceof DelayedError) return 'delayed';
  if (err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) return 'failed';
  return 'retrying';
}

/** The message, and the stable code of the error or of the error it wraps (an UnrecoverableError's cause). */
function errorFields(err: unknown): { message: string; code?: string } {
  const message = err instanceof Error ? err.message : String(err);
  for (const e of [err, (err as { cause?: unknown } | null)?.cause]) {
    const code = (e as { code?: unknown } | null | undefined)?.code;
    if (typeof code === 'string' && code !== '') return { message, code };
  }
  return { message };
}

/** The result's fields that the line's context does not carry already (a key twice would make ambiguous JSON). */
function resultFields(result: unknown, context: Record<string, unknown>): Record<string, unknown> {
  if (typeof result !== 'object' || result === null) return {};
  const o = result as Record<string, unknown>;
  const wanted = RESULT_FIELDS.filter((k) => !(k in context) && (typeof o[k] === 'string' || typeof o[k] === 'number'));
  return Object.fromEntries(wanted.map((k) => [k, o[k]]));
}
