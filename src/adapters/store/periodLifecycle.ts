import type { Database } from './openDatabase';
import { inForceRuns } from './closeStore';
import { RECORD_TABLE, sealedBookings, whereInView, type PeriodView, type RecordKind } from './periodView';

/** Period states beyond close runs (DOMAIN §3): reopen, late-record bookings, periods seen at ingest. */

export class PeriodStateError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'PeriodStateError';
  }
}

export interface PeriodEvent {
  period: string;
  event: 'reopen' | 'unchanged' | 'abandon';
  revision: number;
  actor: string;
  reason: string;
  at: string;
}

/** Periods that records were delivered for are `open` until a close begins. */
export async function notePeriodsOpen(db: Database, periods: readonly string[]): Promise<void> {
  for (const period of [...new Set(periods)].sort()) {
    await db.knex('periods').insert({ period, state: 'open', revision: 0 }).onConflict('period').ignore();
  }
}

/** The bill_cycles of the records a delivery brought. */
export async function periodsOfDelivery(db: Database, deliveryId: number): Promise<string[]> {
  const files = db.knex('delivery_files').select('id').where({ delivery_id: deliveryId });
  const out = new Set<string>();
  for (const table of Object.values(RECORD_TABLE)) {
    for (const r of await db.knex(table).distinct('bill_cycle').whereIn('file_id', files)) out.add(String(r.bill_cycle));
  }
  return [...out].sort();
}

/**
 * Reopens a closed period: it goes back to `open` at its revision n, which stays in force (on
 * disk and in the store) until the next close seals revision n+1.
 */
export async function reopenPeriod(db: Database, input: { period: string; reason: string; actor: string; at: string }): Promise<number> {
  return db.knex.transaction(async (trx) => {
    const row = await trx('periods').where({ period: input.period }).first();
    if (!row || row.state !== 'closed') {
      throw new PeriodStateError('period.not_closed', `${input.period} is ${row ? row.state : 'not known'}: only a closed period can be reopened`);
    }
    await trx('periods').where({ period: input.period }).update({ state: 'open' });
    await trx('period_events').insert({ period: input.period, event: 'reopen', revision: Number(row.revision), actor: input.actor, reason: input.reason, at: input.at });
    return Number(row.revision);
  });
}

/** A reopened period whose inputs did not change closes again at its revision, without a new one. */
export async function closeUnchanged(db: Database, period: string, actor: string, at: string): Promise<void> {
  await db.knex.transaction(async (trx) => {
    const row = await trx('periods').where({ period }).first();
    await trx('periods').where({ period }).update({ state: 'closed' });
    await trx('period_events').insert({ period, event: 'unchanged', revision: Number(row?.revision ?? 0), actor, reason: 'inputs unchanged since the last revision', at });
  });
}

export async function listPeriodEvents(db: Database, period?: string): Promise<PeriodEvent[]> {
  const q = db.knex('period_events').orderBy('id');
  if (period) q.where({ period });
  return (await q).map((r) => ({ period: r.period, event: r.event, revision: Number(r.revision), actor: r.actor, reason: r.reason, at: r.at }));
}

/**
 * Earlier periods that must be settled before `period` can close, because their balances carry
 * into it: one still `closing` (a run with parked subjects, or a failed one), one reopened, and
 * one that has records but was never closed while a period before it was (a month cannot be
 * skipped once the store has a closed history; the first close of a store may start anywhere).
 */
export async function periodsBlocking(db: Database, period: string): Promise<{ period: string; state: string }[]> {
  const rows = await db.knex('periods').where('period', '<', period).orderBy('period');
  const closedBefore = (p: string) => rows.some((r) => r.period < p && (r.state === 'closed' || Number(r.revision) > 0));
  return rows
    .filter((r) => r.state === 'closing' || (r.state === 'open' && (Number(r.revision) > 0 || closedBefore(r.period))))
    .map((r) => ({ period: r.period, state: r.state === 'closing' ? 'closing' : Number(r.revision) > 0 ? 'reopened' : 'open (never closed)' }));
}

/**
 * Later periods whose statements were computed without `period`: closing it now would leave
 * their carried balances wrong, so they must be reopened first (docs/lifecycle.md).
 */
export async function laterPeriodsClosed(db: Database, period: string): Promise<{ period: string; state: string }[]> {
  const rows = await db.knex('periods').where('period', '>', period).whereIn('state', ['closed', 'closing']).orderBy('period');
  return rows.map((r) => ({ period: String(r.period), state: String(r.state) }));
}

export interface LateRecord {
  kind: RecordKind;
  recordId: string;
  billCycle: string;
  contentHash: string;
}

/**
 * The late records a close of `period` books as prior-period corrections, with the view it sees
 * (watermark, instant): records of an earlier period whose revision in force had not seen them
 * (arrived after its watermark) and that no sealed run of another period booked; and the records
 * an earlier revision of this period booked (a new revision books them again: they are in no
 * other period's figures).
 */
export async function findLateRecords(db: Database, period: string, watermark: number, asOf: string): Promise<LateRecord[]> {
  const out = new Map<string, LateRecord>();
  for (const [kind, table] of Object.entries(RECORD_TABLE) as [RecordKind, string][]) {
    const bookedByOthers = sealedBookings(db, kind, asOf).andWhereNot('r.period', period).select('b.record_id');
    const arrivedLate = await db.knex(`${table} as t`)
      .join(inForceRuns(db, asOf).andWhere('f.period', '<', period).as('p'), 'p.period', 't.bill_cycle')
      .whereRaw('t.file_id > p.watermark').andWhere('t.file_id', '<=', watermark)
      .whereNotIn('t.record_id', bookedByOthers)
      .select('t.record_id', 't.bill_cycle', 't.content_hash');
    const rebooked = await db.knex(`${table} as t`)
      .whereIn('t.record_id', sealedBookings(db, kind, asOf).andWhere('r.period', period).select('b.record_id'))
      .select('t.record_id', 't.bill_cycle', 't.content_hash');
    for (const r of [...arrivedLate, ...rebooked]) {
      out.set(`${kind} ${r.record_id}`, { kind, recordId: String(r.record_id), billCycle: String(r.bill_cycle), contentHash: String(r.content_hash) });
    }
  }
  return [...out.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
}

/**
 * Records of `period` that arrived after its run in force was sealed (delivery files above the
 * run's watermark) and that no sealed run has booked as a correction yet: what a re-close of the
 * closed period must warn about. Records already booked by a later close are accounted for.
 */
export async function countUnbookedLate(db: Database, period: string, sealedWatermark: number, watermark: number, asOf: string): Promise<number> {
  let count = 0;
  for (const [kind, table] of Object.entries(RECORD_TABLE) as [RecordKind, string][]) {
    const row = await db.knex(table).where('bill_cycle', period)
      .andWhere('file_id', '>', sealedWatermark).andWhere('file_id', '<=', watermark)
      .whereNotIn('record_id', sealedBookings(db, kind, asOf).select('b.record_id'))
      .count({ n: '*' }).first();
    count += Number(row?.n ?? 0);
  }
  return count;
}

/** Whether the view holds any record of its period: a close of an empty month is refused unless asked for. */
export async function viewHasRecords(db: Database, view: PeriodView): Promise<boolean> {
  for (const [kind, table] of Object.entries(RECORD_TABLE) as [RecordKind, string][]) {
    if (await whereInView(db, db.knex(table), kind, view).first('record_id')) return true;
  }
  return false;
}

/** Records the run's bookings (replacing those of an earlier attempt of the same, unsealed, run). */
export async function saveBookings(db: Database, runId: number, late: readonly LateRecord[]): Promise<void> {
  await db.knex.transaction(async (trx) => {
    await trx('correction_bookings').where({ run_id: runId }).delete();
    for (let i = 0; i < late.length; i += 200) {
      await trx('correction_bookings').insert(late.slice(i, i + 200).map((l) => ({ run_id: runId, record_kind: l.kind, record_id: l.recordId, bill_cycle: l.billCycle })));
    }
  });
}

export interface Booking {
  kind: RecordKind;
  recordId: string;
  billCycle: string;
}

export async function listBookings(db: Database, runId: number): Promise<Booking[]> {
  const rows = await db.knex('correction_bookings').where({ run_id: runId }).orderBy(['bill_cycle', 'record_kind', 'record_id']);
  return rows.map((r) => ({ kind: r.record_kind, recordId: r.record_id, billCycle: r.bill_cycle }));
}

/** What the runs of an abandoned close computed: dropped, so that the next close computes everything again. */
const RUN_OUTPUT_TABLES = ['statements', 'statement_files', 'run_documents', 'correction_bookings', 'parked_partners'] as const;

/**
 * Abandons the unfinished close of a period stuck in `closing` (a run that failed, was killed, or
 * parked subjects): its unsealed runs are marked failed and what they computed is dropped, and the
 * period goes back to `open` at the revision in force. Nothing sealed is touched (the triggers
 * would refuse it). Returns the run keys abandoned.
 */
export async function abandonClosing(db: Database, input: { period: string; reason: string; actor: string; at: string }): Promise<string[]> {
  return db.knex.transaction(async (trx) => {
    // Write first (SQLite): the transaction holds the write lock from its first statement.
    const moved = await trx('periods').where({ period: input.period, state: 'closing' }).update({ state: 'open' });
    if (Number(moved) === 0) {
      const row = await trx('periods').where({ period: input.period }).first();
      const state = row ? String(row.state) : 'not known to this store';
      throw new PeriodStateError('period.not_closing', `${input.period} is ${state}: only a period stuck in closing can be abandoned` +
        (row?.state === 'closed' ? ` (a closed period is reopened: reckon reopen ${input.period} --reason …)` : ''));
    }
    const runs = await trx('close_runs').where({ period: input.period, sealed: 0 }).whereNot({ scope: 'as-of' }).select('id', 'run_key', 'revision');
    const ids = runs.map((r) => Number(r.id));
    for (const table of RUN_OUTPUT_TABLES) await trx(table).whereIn('run_id', ids).delete();
    await trx('close_runs').whereIn('id', ids).update({ state: 'failed', error: `abandoned by ${input.actor}: ${input.reason}`, finished_at: input.at, summary: null });
    const row = await trx('periods').where({ period: input.period }).first();
    await trx('period_events').insert({ period: input.period, event: 'abandon', revision: Number(row?.revision ?? 0), actor: input.actor, reason: input.reason, at: input.at });
    return runs.map((r) => String(r.run_key)).sort();
  });
}
