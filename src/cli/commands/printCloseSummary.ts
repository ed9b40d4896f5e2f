import type { CloseSummary } from '../../app/close/finaliseClose';

/** The run report: what was issued, the checks, and the partners parked (the period stays open for them). */
export function printCloseSummary(s: CloseSummary, log: (line: string) => void): void {
  const parked = s.parked ?? [];
  // Summaries stored before settlements and incentives existed have no such counts.
  const subjects = `${s.partners} partner(s), ${s.merchants ?? 0} merchant(s), ${s.solutionProviders ?? 0} solution provider(s)`;
  if (parked.length === 0) {
    log(`closed ${s.period} rev-${s.revision}: ${s.statements} statement(s) for ${subjects}`);
  } else {
    log(`run ${s.runKey} completed with ${parked.length} parked partner(s)/merchant(s)/solution provider(s); ${s.period} is NOT closed: ${s.statements} statement(s) for ${subjects}`);
    for (const p of parked) log(`  parked ${p.kind ?? 'partner'} ${p.partnerId}: ${p.code}: ${p.message}`);
    log(`fix the data (e.g. deliver corrected reference files) and run \`reckon close ${s.period}\` again: only what was parked is computed again.`);
  }
  log(`reconciliation: ${s.checks.ok} ok, ${s.checks.warn} warn, ${s.checks.fail} fail (see reconciliation.csv)`);
}
