import type { Job } from 'bullmq';

/**
 * The instant a job scheduler planned a job for (epoch ms). Checked on bullmq 6.7.0 / Redis 7:
 * - the job id is `repeat:<schedulerId>:<millis>` for every produced job (cron and `every`);
 * - cron schedulers also store the same millis as `opts.prevMillis`;
 * - `timestamp + delay` is NOT reliable: promoting the job (by hand or from the dashboard)
 *   sets `delay` to 0, so it would give the enqueue time.
 * Both the id and prevMillis survive promotion and retries; when both exist they must agree.
 */
export function scheduledMillisOf(job: Pick<Job, 'id' | 'opts'>): number {
  const fromId = millisFromId(job.id);
  const prev = job.opts?.prevMillis;
  const fromOpts = typeof prev === 'number' && Number.isSafeInteger(prev) && prev > 0 ? prev : undefined;
  if (fromId !== undefined && fromOpts !== undefined && fromId !== fromOpts) {
    throw new Error(`job ${job.id}: scheduled time in its id (${fromId}) and opts.prevMillis (${fromOpts}) disagree`);
  }
  const millis = fromId ?? fromOpts;
  if (millis === undefined) throw new Error(`job ${job.id ?? '(no id)'} was not produced by a job scheduler: no scheduled time`);
  return millis;
}

/** The trailing millis of `repeat:<schedulerId>:<millis>`; the scheduler id itself may contain ':'. */
function millisFromId(id: string | undefined): number | undefined {
  const match = id === undefined ? null : /^repeat:.+:(\d+)$/.exec(id);
  if (!match) return undefined;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
