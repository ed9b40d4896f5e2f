import type { JobsOptions } from 'bullmq';
import type { RetryPolicy } from '../retryPolicy';

/**
 * Job history kept in Redis (STACK §1.8), as age and count. Completed jobs stay a week so that
 * their ids keep deduplicating repeated triggers of a recent close; failed ones a month for the
 * post-mortem. The database, not this history, is what makes a repeated job harmless.
 */
export const REMOVE_ON_COMPLETE = { age: 7 * 86_400, count: 100_000 };
export const REMOVE_ON_FAIL = { age: 30 * 86_400, count: 100_000 };

/** BullMQ options of a catalog job: its retry policy as attempts + exponential backoff with jitter. */
export function retryOptions(policy: RetryPolicy): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return { attempts: policy.attempts, backoff: { type: 'exponential', delay: policy.backoffMs, jitter: policy.jitter } };
}
