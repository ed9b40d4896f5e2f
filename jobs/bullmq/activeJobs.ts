import type { Job } from 'bullmq';

/**
 * The jobs this process has started and BullMQ has not yet recorded as completed or failed. A
 * job counts until its outcome is stored in Redis, not merely until its processor returns: while
 * Redis is down the outcome waits, and stopping then would leave the job to run again elsewhere.
 */
export interface ActiveJobs {
  started(queue: string, job: Job): void;
  finished(queue: string, job: Job): void;
  /** Resolves when no job is active (at once when none is). */
  whenIdle(): Promise<void>;
}

export function activeJobs(): ActiveJobs {
  const active = new Set<string>();
  let waiters: (() => void)[] = [];
  const key = (queue: string, job: Job) => `${queue}:${String(job.id)}`;
  return {
    started: (queue, job) => { active.add(key(queue, job)); },
    finished(queue, job) {
      active.delete(key(queue, job));
      if (active.size > 0) return;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
    whenIdle: () => (active.size === 0 ? Promise.resolve() : new Promise((resolve) => { waiters.push(resolve); })),
  };
}
