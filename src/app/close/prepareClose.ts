import type { Database } from '../../adapters/store/openDatabase';
import { beginRun, findRunByKey, getPeriod, getRun, reopenParkedRun, restartRun, runKeyOf, type CloseRunRow } from '../../adapters/store/closeStore';
import { listParkedPartners } from '../../adapters/store/parkedPartners';
import { periodFingerprint } from '../../adapters/store/periodFingerprint';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { configHash, type ReckonConfig } from '../config';
import { billedPartnerIds } from './billedPartners';
import { partnersWithoutStatements } from './computePartnerBills';

export type PreparedClose =
  | { status: 'already-closed'; run: CloseRunRow; inputsChanged: boolean }
  /** `retry`: the run had parked partners; only partners without a statement are computed again. */
  | { status: 'ready'; run: CloseRunRow; partnerIds: string[]; retry: boolean };

export const CLOSE_SCOPE = 'all';

/**
 * Opens (or re-opens after a crash) the close run of `period`. A closed period is never
 * computed again: its stored run is returned, with a flag telling whether inputs arrived
 * since (those are late records, booked as corrections by a later close).
 * A run that completed with parked partners (period still `closing`) is re-opened under the same
 * run key, and only the partners it has no statement for (the parked ones, and any partner the
 * latest reference data makes billed) are to be computed: the others' statements stay as issued.
 */
export async function prepareClose(db: Database, config: ReckonConfig, period: string, startedAt: string): Promise<PreparedClose> {
  const hashOfConfig = configHash(config);
  const fingerprint = await periodFingerprint(db, period, hashOfConfig);
  const state = await getPeriod(db, period);
  if (state?.state === 'closed' && state.closedRunId !== null) {
    const run = await getRun(db, state.closedRunId);
    return { status: 'already-closed', run, inputsChanged: run.inputFingerprint !== fingerprint };
  }
  const revision = (state?.revision ?? 0) + 1;
  const existing = await findRunByKey(db, runKeyOf(period, CLOSE_SCOPE, revision));
  const retry = existing !== undefined && (existing.state === 'completed' || (await listParkedPartners(db, existing.id)).length > 0);
  if (existing && existing.state === 'completed') await reopenParkedRun(db, existing.id, fingerprint);
  else if (existing) await restartRun(db, existing.id, fingerprint);
  const { run } = await beginRun(db, {
    period, scope: CLOSE_SCOPE, revision, inputFingerprint: fingerprint, configHash: hashOfConfig, startedAt,
  });
  const billed = billedPartnerIds(await loadReferenceData(db));
  const partnerIds = retry ? await partnersWithoutStatements(db, run.id, billed) : billed;
  return { status: 'ready', run, partnerIds, retry };
}
