import { findRunByKey, loadRunDocument } from '../../adapters/store/closeStore';
import type { Database } from '../../adapters/store/openDatabase';
import type { CloseSummary } from '../../app/close/finaliseClose';
import { digestChecks } from '../../domain/reconcile/checkDigest';
import type { CheckResult } from '../../domain/reconcile/checkResult';

/** The run report: what was issued, the checks, and the partners parked (the period stays open for them). */
export function printCloseSummary(s: CloseSummary, log: (line: string) => void): void {
  const parked = s.parked ?? [];
  // Summaries stored before settlements and incentives existed have no such counts.
  const subjects = `${s.partners} partner(s), ${s.merchants ?? 0} merchant(s), ${s.solutionProviders ?? 0} solution provider(s)`;
  if (s.held !== undefined) {
    log(`run ${s.runKey} ${s.held}; ${s.period} is NOT closed: ${s.statements} statement(s) for ${subjects} were computed and written, not sealed`);
  } else if (parked.length === 0) {
    log(`closed ${s.period} rev-${s.revision}: ${s.statements} statement(s) for ${subjects}`);
  } else {
    log(`run ${s.runKey} completed with ${parked.length} parked partner(s)/merchant(s)/solution provider(s); ${s.period} is NOT closed: ${s.statements} statement(s) for ${subjects}`);
    for (const p of parked) log(`  parked ${p.kind ?? 'partner'} ${p.partnerId}: ${p.code}: ${p.message}`);
    log(`fix the data (e.g. deliver corrected reference files) and run \`reckon close ${s.period}\` again: only what was parked is computed again.`);
  }
  log(`reconciliation: ${s.checks.ok} ok, ${s.checks.warn} warn, ${s.checks.fail} fail (see reconciliation.csv)`);
}

/**
 * The failed and warned checks of the run, grouped by check with their first subjects, so that
 * nobody has to open reconciliation.csv to learn that something did not tie; then, for a run
 * held by --fail-on, what to do next.
 */
export async function printCheckDigest(db: Database, s: CloseSummary, log: (line: string) => void): Promise<void> {
  const run = await findRunByKey(db, s.runKey);
  const checks = run === undefined ? [] : ((await loadRunDocument<CheckResult[]>(db, run.id, 'reconciliation')) ?? []);
  for (const line of digestChecks(checks)) log(`  ${line}`);
  if (s.held !== undefined) {
    log(`the period stays open: correct the inputs and close again, or close with --fail-on never to seal these figures as they are (\`reckon close --abandon ${s.period}\` drops the run).`);
  }
}
