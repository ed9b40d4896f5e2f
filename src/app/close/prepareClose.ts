import type { Database } from '../../adapters/store/openDatabase';
import { beginRun, findRunByKey, getPeriod, getRun, restartRun, runKeyOf, type CloseRunRow } from '../../adapters/store/closeStore';
import { periodFingerprint } from '../../adapters/store/periodFingerprint';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { configHash, type ReckonConfig } from '../config';
import { billedPartnerIds } from './billedPartners';

export type PreparedClose =
  | { status: 'already-closed'; run: CloseRunRow; inputsChanged: boolean }
  | { status: 'ready'; run: CloseRunRow; partnerIds: string[] };

export const CLOSE_SCOPE = 'all';

/**
 * Opens (or re-opens after a crash) the close run of `period`. A closed period is never
 * computed again: its stored run is returned, with a flag telling whether inputs arrived
 * since (those are late records, booked as corrections by a later close).
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
  if (existing && existing.state !== 'completed') await restartRun(db, existing.id, fingerprint);
  const { run } = await beginRun(db, {
    period, scope: CLOSE_SCOPE, revision, inputFingerprint: fingerprint, configHash: hashOfConfig, startedAt,
  });
  const reference = await loadReferenceData(db);
  return { status: 'ready', run, partnerIds: billedPartnerIds(reference) };
}
