import { configFromEnv } from '../../app/config';
import { isoTextInZone } from '../../domain/period/zonedTime';
import { getPeriod, listPeriods, listRuns } from '../../adapters/store/closeStore';
import { fileStatsForPeriod, listRejects } from '../../adapters/store/deliveryStore';
import { listParkedPartners } from '../../adapters/store/parkedPartners';
import { listPeriodEvents } from '../../adapters/store/periodLifecycle';
import { currentCloseLease, isStale } from '../../adapters/store/closeLease';
import { describeHolding } from '../../app/close/waitForCloseLease';
import { EXIT_OK } from '../exitCodes';
import { openStore, storeLocation } from '../openStore';
import { requirePeriod } from '../arguments';

/** `reckon status [period]`: the close running now, if any; periods and their state; with a period, its runs, input files and rejects. */
export async function statusCommand(period: string | undefined, options: { db?: string }): Promise<number> {
  if (period !== undefined) requirePeriod(period);
  const db = await openStore(storeLocation(options.db, process.env));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const zone = configFromEnv(process.env).zone;
  try {
    const lease = await currentCloseLease(db);
    if (lease !== undefined) log(`${isStale(lease, Date.now()) ? 'left over (its holder is gone; the next close takes over)' : 'running now'}: ${describeHolding(lease)} since ${lease.acquiredAt}`);
    if (period === undefined) {
      const periods = await listPeriods(db);
      if (periods.length === 0) log('no period has been closed or started yet');
      for (const p of periods) {
        const reopened = p.state === 'open' && p.revision > 0 ? ` (reopened; rev-${p.revision} in force until the next close)` : '';
        log(`${p.period}  ${p.state.padEnd(8)} rev-${p.revision}${reopened}`);
      }
      return EXIT_OK;
    }
    const state = await getPeriod(db, period);
    log(`period ${period}: ${state ? `${state.state}, revision ${state.revision}` : 'open (never closed)'}`);
    for (const e of await listPeriodEvents(db, period)) log(`  ${isoTextInZone(e.at, zone)} ${e.event} at rev-${e.revision} by ${e.actor}${e.reason ? `: ${e.reason}` : ''}`);
    for (const run of await listRuns(db, period)) {
      const s = run.summary as { statements?: number; checks?: { ok: number; warn: number; fail: number } } | null;
      const counts = s?.checks ? `, ${s.statements} statements, checks ${s.checks.ok} ok / ${s.checks.warn} warn / ${s.checks.fail} fail` : '';
      const sealed = run.sealed ? ', sealed (closed the period)' : '';
      log(`  run ${run.runKey}: ${run.state}${sealed}, started ${isoTextInZone(run.startedAt, zone)}${run.finishedAt ? `, finished ${isoTextInZone(run.finishedAt, zone)}` : ''}${counts}${run.error ? `, error: ${run.error}` : ''}`);
      log(`    saw delivery files up to #${run.watermark} as of ${isoTextInZone(run.asOf, zone)}; fingerprint ${run.inputFingerprint.slice(0, 16)}…`);
      for (const p of await listParkedPartners(db, run.id)) {
        log(`    parked ${p.kind ?? 'partner'} ${p.partnerId}: ${p.code}: ${p.message} (failed ${p.failures} time(s); \`reckon close ${period}\` retries it)`);
      }
    }
    const files = await fileStatsForPeriod(db, period);
    if (files.length > 0) log('  input files:');
    for (const f of files) {
      log(`    ${f.fileName} (${f.sha256.slice(0, 12)}…): ${f.status}, ${f.rowsRead} read = ${f.accepted} accepted + ${f.rejected} rejected + ${f.duplicates} duplicates + ${f.conflicts} conflicts`);
    }
    log(`  rejects: ${(await listRejects(db, period)).length} (reckon rejects ${period})`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}
