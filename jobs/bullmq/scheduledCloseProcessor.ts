import { UnrecoverableError, type Job } from 'bullmq';
import type { JobDefinition, ScheduledCloseResult, ScheduledClosePayload } from '../catalog';
import { PayloadError, type JobContext } from '../jobContext';
import { scheduledMillisOf } from './scheduledMillis';

type ScheduledCloseDefinition = JobDefinition<ScheduledClosePayload, ScheduledCloseResult>;

/**
 * BullMQ processor of a `scheduled-close` job: the catalog's definition, fed with the job's
 * template data plus its scheduled instant. A job without a scheduled time or with a bad
 * template can never succeed, so it fails at once instead of using up its retries.
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
    return definition.process(payload, ctx);
  };
}
