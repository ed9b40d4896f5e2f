/**
 * How a job is retried after a transient error: `attempts` tries in all, the n-th retry waiting
 * `backoffMs · 2^(n-1)`, of which a `jitter` fraction is random so that workers that failed
 * together (a busy database) do not all come back at the same instant. BullMQ's exponential
 * backoff has exactly this shape (`{ type: 'exponential', delay, jitter }`), so the queue's job
 * options are derived from it and the inline runner computes the same delays.
 */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  /** 0..1: the share of each delay that is random. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1000, jitter: 0.5 };

/** Delay before retry number `retry` (1 = the first retry); `random` in [0, 1). */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: number = Math.random()): number {
  const full = policy.backoffMs * 2 ** (retry - 1);
  return Math.round(full * (1 - policy.jitter) + full * policy.jitter * random);
}
