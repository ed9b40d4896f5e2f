import { escapeId } from '../../src/domain/statements/safePathSegment';

/**
 * Deterministic job ids of one close attempt. BullMQ ignores an add whose id exists, so a close
 * triggered twice (or ten times at once) is enqueued once. Ids never contain ':' and never are
 * all digits (BullMQ refuses both, STACK §1.6): each starts with the step's name, and ids coming
 * from data (file names, partner ids) pass through escapeId.
 *
 * `attempt` 0 is the first flow of a run; a later manual close of the same run (after a failed
 * flow, or to retry parked partners) needs fresh ids, because the finished jobs of the earlier
 * attempt still hold theirs: attempt n adds `-retry<n>`.
 */
export interface CloseJobIds {
  /** `<period>-<scope>-r<revision>[-retry<n>]`: the part every id of the attempt shares. */
  base: string;
  /** The plan job; for attempt 0 it equals the run key (`close-2026-10-all-r1`). */
  plan: string;
  ingest(fileName: string): string;
  compute(partnerId: string): string;
  settlements: string;
  incentives: string;
  reconcile: string;
  emit: string;
  finalise: string;
}

export const PLAN_ID_PREFIX = 'close-';

export function closeJobIds(period: string, scope: string, revision: number, attempt: number): CloseJobIds {
  return idsOfBase(`${period}-${scope}-r${revision}${attempt > 0 ? `-retry${attempt}` : ''}`);
}

/** The ids of the attempt a plan job belongs to, from the plan job's own id. */
export function closeJobIdsOfPlan(planJobId: string): CloseJobIds {
  if (!planJobId.startsWith(PLAN_ID_PREFIX)) throw new Error(`"${planJobId}" is not a plan job id`);
  return idsOfBase(planJobId.slice(PLAN_ID_PREFIX.length));
}

function idsOfBase(base: string): CloseJobIds {
  return {
    base,
    plan: `${PLAN_ID_PREFIX}${base}`,
    ingest: (fileName) => `ingest-${base}-${escapeId(fileName)}`,
    compute: (partnerId) => `compute-${base}-${escapeId(partnerId)}`,
    settlements: `settlements-${base}`,
    incentives: `incentives-${base}`,
    reconcile: `reconcile-${base}`,
    emit: `emit-${base}`,
    finalise: `finalise-${base}`,
  };
}

/**
 * The run a close job belongs to, read back from its id (every id of an attempt embeds
 * `<period>-<scope>-r<revision>`): log lines of jobs whose data holds only a run id still name
 * the period and run key. undefined for other ids (a scheduled close's `repeat:…`).
 */
export function runOfJobId(jobId: string): { period: string; runKey: string } | undefined {
  const match = /^[a-z]+-(\d{4}-\d{2})-([A-Za-z0-9_]+)-r(\d+)(?=-|$)/.exec(jobId);
  if (match === null) return undefined;
  const [, period, scope, revision] = match as unknown as [string, string, string, string];
  return { period, runKey: `${PLAN_ID_PREFIX}${period}-${scope}-r${revision}` };
}
