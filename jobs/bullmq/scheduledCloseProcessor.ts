import { UnrecoverableError, type Job } from 'bullmq';
import type { JobDefinition, ScheduledCloseResult, ScheduledClosePayload } from '../catalog';
import { PayloadError, type JobContext } from '../jobContext';
import { scheduledMillisOf } from './scheduledMillis';
import { describeError, isPermanentError } from '../errors';

type ScheduledCloseDefinition = JobDefinition<ScheduledClosePayload, ScheduledCloseResult>;

/**
 * BullMQ processor of a `scheduled-close` job: the catalog's definition, fed with the job's
 * template data plus its scheduled instant. A job without a scheduled time or with a bad
 * template, or whose inbox is missing or empty, can never succeed, so it fails at once instead
 * of using up its retries.
 */
export function scheduledCloseProcessor(definition: ScheduledCloseDefinition, ctx: JobContext): (job: Job) => Promise<ScheduledCloseResult> {
  return async (job) => {
    let payload: ScheduledClosePayload;
    try {
      const data = (typeof job.data === 'object' && job.data !== null ? job.data : {}) as Record<string, unknown>;
      payload = definition.parse({ ...data, scheduledMs: scheduledMillisOf(job) });
    } catch (err) {
      throw new UnrecoverableError(err instanceof PayloadError ? err.message : `${definition.name}: ${(err as Error).message}`);
    }
    try {
      return await definition.process(payload, ctx);
    } catch (err) {
      // A missing or empty inbox cannot mend itself by the next attempt: fail now, loudly.
      // The cause keeps the error's code for the job's log line (jobs/bullmq/jobLog.ts).
      if (isPermanentError(err)) throw Object.assign(new UnrecoverableError(describeError(err)), { cause: err });
      throw err;
    }
  };
}
