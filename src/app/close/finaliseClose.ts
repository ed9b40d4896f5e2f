import type { Database } from '../../adapters/store/openDatabase';
import { completeRun, getRun, loadRunDocument, loadStatements } from '../../adapters/store/closeStore';
import type { CheckResult } from '../../domain/reconcile/checkResult';

export interface CloseSummary {
  period: string;
  revision: number;
  runKey: string;
  statements: number;
  partners: number;
  checks: { ok: number; warn: number; fail: number };
}

/** Marks the run completed and the period closed (one transaction); returns what the run issued. */
export async function finaliseClose(db: Database, runId: number, finishedAt: string): Promise<CloseSummary> {
  const run = await getRun(db, runId);
  const statements = await loadStatements(db, runId);
  const checks = (await loadRunDocument<CheckResult[]>(db, runId, 'reconciliation')) ?? [];
  const summary: CloseSummary = {
    period: run.period,
    revision: run.revision,
    runKey: run.runKey,
    statements: statements.length,
    partners: new Set(statements.map((s) => s.subjectId)).size,
    checks: {
      ok: checks.filter((c) => c.status === 'ok').length,
      warn: checks.filter((c) => c.status === 'warn').length,
      fail: checks.filter((c) => c.status === 'fail').length,
    },
  };
  if (run.state !== 'completed') await completeRun(db, runId, summary, finishedAt);
  return summary;
}
