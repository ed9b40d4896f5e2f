import type { Database } from '../../adapters/store/openDatabase';
import {
  beginRun, findRunByKey, getPeriod, getRun, inForceRunOf, inForceRunsBefore, reopenParkedRun, restartRun, runKeyOf, type CloseRunRow,
} from '../../adapters/store/closeStore';
import { listParkedPartners } from '../../adapters/store/parkedPartners';
import { periodFingerprint } from '../../adapters/store/periodFingerprint';
import { closeUnchanged, countUnbookedLate, findLateRecords, viewHasRecords, laterPeriodsClosed, periodsBlocking, PeriodStateError, reopenPeriod, saveBookings, type LateRecord } from '../../adapters/store/periodLifecycle';
import { currentWatermark, watermarkAsOf, type PeriodView } from '../../adapters/store/periodView';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { configHash, type ReckonConfig } from '../config';
import { billedPartnerIds } from './billedPartners';
import { partnersWithoutStatements } from './computePartnerBills';

/**
 * How a close treats the store. `commit`: the close of record. `preview` and `as-of` run the
 * same flow inside a transaction that is rolled back (see app/dryRun): `preview` computes a
 * closed period as its next revision; `as-of` recomputes the period with only what had
 * arrived by an instant, under the revision that was in force then.
 */
export type CloseMode = { kind: 'commit' } | { kind: 'preview' } | { kind: 'as-of'; asOf: string };

export type PreparedClose =
  /** `lateRecords`: records of the period delivered since it was sealed that no close has booked yet. */
  | { status: 'already-closed'; run: CloseRunRow; lateRecords: number }
  /** A reopened period whose fingerprint equals its last revision's: closed again, no new revision. */
  | { status: 'unchanged'; run: CloseRunRow }
  /** `retry`: the run had parked partners; only partners without a statement are computed again. */
  | { status: 'ready'; run: CloseRunRow; partnerIds: string[]; retry: boolean };

export interface CloseGuards {
  /** Close even when the period has no records and no late records to book (an empty month is usually a missing delivery). */
  allowEmpty?: boolean;
}

export const CLOSE_SCOPE = 'all';
/** Scope of an as-of recomputation: its run never collides with the run of record. */
export const AS_OF_SCOPE = 'as-of';

/**
 * Opens (or re-opens after a crash) the close run of `period`, fixing its view: the watermark
 * (highest delivery file it sees) and the instant (which revisions of other periods and which
 * correction bookings are in force). A retried run (after a crash, or with parked subjects)
 * takes the view of its latest attempt: the retry is there to see the data delivered since.
 *
 * A closed period is never computed again: its run is returned, flagged when records arrived
 * since (late records, booked as corrections by a later close). A reopened period whose
 * fingerprint equals its last revision's closes again without a new revision. Periods close in
 * order (requirePeriodOrder). The caller holds the store's close lease (waitForCloseLease), so no
 * other close changes period states between these checks and the run they open.
 */
export async function prepareClose(
  db: Database, config: ReckonConfig, period: string, startedAt: string, mode: CloseMode = { kind: 'commit' }, guards: CloseGuards = {},
): Promise<PreparedClose> {
  const hashOfConfig = configHash(config);
  if (mode.kind === 'as-of') return prepareAsOf(db, hashOfConfig, period, startedAt, mode.asOf);
  let state = await getPeriod(db, period);
  if (state?.state === 'closed' && mode.kind === 'preview') {
    await reopenPeriod(db, { period, reason: 'preview', actor: 'preview', at: startedAt });
    state = await getPeriod(db, period);
  }
  if (state?.state === 'closed' && state.closedRunId !== null) {
    const run = await getRun(db, state.closedRunId);
    return { status: 'already-closed', run, lateRecords: await countUnbookedLate(db, period, run.watermark, await currentWatermark(db), startedAt) };
  }
  const revision = (state?.revision ?? 0) + 1;
  const existing = await findRunByKey(db, runKeyOf(period, CLOSE_SCOPE, revision));
  const view: PeriodView = { period, runId: existing?.id ?? 0, maxFileId: await currentWatermark(db), asOf: startedAt };
  const { late, fingerprint } = await inputsOf(db, hashOfConfig, view);
  const inForce = await inForceRunOf(db, period, view.asOf);
  if (existing === undefined && inForce !== undefined && inForce.inputFingerprint === fingerprint) {
    await closeUnchanged(db, period, mode.kind === 'preview' ? 'preview' : 'close', startedAt);
    return { status: 'unchanged', run: await getRun(db, inForce.runId) };
  }
  // Checked once it is clear that a revision will be issued: closing a reopened period again
  // unchanged alters nothing that later periods carried.
  await requirePeriodOrder(db, period);
  if (!guards.allowEmpty && mode.kind === 'commit' && late.length === 0 && !(await viewHasRecords(db, view))) {
    throw new PeriodStateError('period.empty', `cannot close ${period}: no records for ${period} have been delivered and no late records are to be booked; ` +
      'check the --input folder (or the inbox of the schedule), or pass --allow-empty to close an empty month');
  }
  const retry = existing !== undefined && (existing.state === 'completed' || (await listParkedPartners(db, existing.id)).length > 0);
  const seen = { watermark: view.maxFileId, asOf: view.asOf };
  if (existing && existing.state === 'completed') await reopenParkedRun(db, existing.id, fingerprint, seen);
  else if (existing) await restartRun(db, existing.id, fingerprint, seen);
  const { run } = await beginRun(db, {
    period, scope: CLOSE_SCOPE, revision, inputFingerprint: fingerprint, configHash: hashOfConfig, startedAt, watermark: view.maxFileId, asOf: view.asOf,
  });
  await saveBookings(db, run.id, late);
  const billed = billedPartnerIds(await loadReferenceData(db, run.watermark));
  const partnerIds = retry ? await partnersWithoutStatements(db, run.id, billed) : billed;
  return { status: 'ready', run, partnerIds, retry };
}

/**
 * The run of an as-of recomputation: the view of `asOf` (files delivered by then, revisions and
 * bookings sealed by then), under the revision of the period in force then (1 when none was).
 */
async function prepareAsOf(db: Database, hashOfConfig: string, period: string, startedAt: string, asOf: string): Promise<PreparedClose> {
  const revision = (await inForceRunOf(db, period, asOf))?.revision ?? 1;
  const view: PeriodView = { period, runId: 0, maxFileId: await watermarkAsOf(db, asOf), asOf };
  const { late, fingerprint } = await inputsOf(db, hashOfConfig, view);
  const { run } = await beginRun(db, {
    period, scope: AS_OF_SCOPE, revision, inputFingerprint: fingerprint, configHash: hashOfConfig, startedAt, watermark: view.maxFileId, asOf,
  });
  await saveBookings(db, run.id, late);
  return { status: 'ready', run, partnerIds: billedPartnerIds(await loadReferenceData(db, run.watermark)), retry: false };
}

/** What a close with this view reads beyond its period's records: the late records it books, and the fingerprint of it all. */
async function inputsOf(db: Database, hashOfConfig: string, view: PeriodView): Promise<{ late: LateRecord[]; fingerprint: string }> {
  const late = await findLateRecords(db, view.period, view.maxFileId, view.asOf);
  return { late, fingerprint: await periodFingerprint(db, view, hashOfConfig, late, await inForceRunsBefore(db, view.period, view.asOf)) };
}

/**
 * Periods close in month order, because balances flow forward: not while an earlier period with
 * records is unsettled (closing, reopened, or skipped after a closed one), and never before a
 * later period that is already closed (its carried balances would miss this one).
 */
async function requirePeriodOrder(db: Database, period: string): Promise<void> {
  const later = await laterPeriodsClosed(db, period);
  if (later.length > 0) {
    const latest = later[later.length - 1]!.period;
    const undo = later.map((l) => (l.state === 'closed' ? `reckon reopen ${l.period} --reason …` : `reckon close --abandon ${l.period}`));
    throw new PeriodStateError('period.order', `cannot close ${period}: ${later.map((l) => `${l.period} is ${l.state}`).join(', ')}, computed without ${period}'s balances; ` +
      `first ${undo.join('; ')}, then close ${period} through ${latest} in order`);
  }
  const blocking = await periodsBlocking(db, period);
  if (blocking.length > 0) {
    throw new PeriodStateError('period.blocked', `cannot close ${period}: ${blocking.map((b) => `${b.period} is ${b.state}`).join(', ')}; ` +
      'close the earlier period first (its balances carry into this one)');
  }
}
