import type { Database } from '../../adapters/store/openDatabase';
import { completeRun, completeRunParked, failRun, getRun, loadRunDocument, loadStatements } from '../../adapters/store/closeStore';
import { listParkedPartners, type ParkedPartner } from '../../adapters/store/parkedPartners';
import type { CheckResult } from '../../domain/reconcile/checkResult';
import { DEFAULT_FAIL_ON, holdReason, type FailOn } from '../../domain/reconcile/failOn';

export interface CloseSummary {
  period: string;
  revision: number;
  runKey: string;
  statements: number;
  partners: number;
  /** Merchants with a settlement in the run. */
  merchants: number;
  /** Solution providers with an incentive statement in the run. */
  solutionProviders: number;
  checks: { ok: number; warn: number; fail: number };
  /** Partners, merchants and solution providers left out of the run (their compute failed for good); the period is closed only when empty. */
  parked: ParkedPartner[];
  /** Set when --fail-on stopped the run before it sealed: why. The period stays closing, the run failed. */
  held?: string;
}

/**
 * Marks the run completed and, unless partners are parked, the period closed (one transaction);
 * returns what the run issued. With parked partners the period stays `closing`, so that a later
 * close retries them under the same run key. When the checks breach `failOn` the run is not
 * sealed but marked failed with the reason (the period stays `closing`; the next close computes
 * the run again from the inputs it then has), and the summary says `held`.
 */
export async function finaliseClose(db: Database, runId: number, finishedAt: string, failOn: FailOn = DEFAULT_FAIL_ON): Promise<CloseSummary> {
  const run = await getRun(db, runId);
  if (run.state === 'completed' && run.summary !== null) return withParked(run.summary as CloseSummary);
  const statements = await loadStatements(db, runId);
  const checks = (await loadRunDocument<CheckResult[]>(db, runId, 'reconciliation')) ?? [];
  const parked = (await listParkedPartners(db, runId)).map(({ partnerId, kind, code, message }) => ({ partnerId, ...(kind ? { kind } : {}), code, message }));
  const summary: CloseSummary = {
    period: run.period,
    revision: run.revision,
    runKey: run.runKey,
    statements: statements.length,
    partners: new Set(statements.filter((s) => s.kind === 'partner').map((s) => s.subjectId)).size,
    merchants: new Set(statements.filter((s) => s.kind === 'settlement').map((s) => s.subjectId)).size,
    solutionProviders: new Set(statements.filter((s) => s.kind === 'incentive').map((s) => s.subjectId)).size,
    checks: {
      ok: checks.filter((c) => c.status === 'ok').length,
      warn: checks.filter((c) => c.status === 'warn').length,
      fail: checks.filter((c) => c.status === 'fail').length,
    },
    parked,
  };
  const held = parked.length === 0 ? holdReason(summary.checks, failOn) : undefined;
  if (held !== undefined) {
    await failRun(db, runId, held, finishedAt, { ...summary, held });
    return { ...summary, held };
  }
  if (parked.length > 0) await completeRunParked(db, runId, summary, finishedAt);
  else await completeRun(db, runId, summary, finishedAt);
  return summary;
}

/** Summaries stored before parking existed have no `parked` list. */
function withParked(summary: CloseSummary): CloseSummary {
  return { ...summary, parked: summary.parked ?? [] };
}
