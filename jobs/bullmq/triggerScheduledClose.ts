import type { ClosePayload, CloseTrigger } from '../catalog';

/**
 * Adapts the queued runner's enqueue to the catalog's CloseTrigger. The worker wires it as
 * `queuedCloseTrigger((request) => enqueueClose(config, request, deps))`; taking the call as a
 * closure keeps this module independent of enqueueClose's extra dependencies.
 */
export function queuedCloseTrigger(enqueue: (request: ClosePayload) => Promise<unknown>): CloseTrigger {
  return async (request) => describeEnqueued(await enqueue(request));
}

/**
 * A short description of what was enqueued, kept as the scheduled job's return value: the run
 * key and outcome (also for a period that was already closed), else a run or job id.
 */
function describeEnqueued(result: unknown): string | undefined {
  if (typeof result === 'string' || typeof result === 'number') return String(result);
  if (typeof result !== 'object' || result === null) return undefined;
  const o = result as Record<string, unknown>;
  // enqueueClose says whether it enqueued, joined a close under way, or found the period closed.
  if (typeof o.runKey === 'string' && typeof o.status === 'string') return `${o.runKey} (${o.status})`;
  for (const key of ['runKey', 'runId', 'jobId', 'id']) {
    const v = o[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}
