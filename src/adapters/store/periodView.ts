import type { Knex } from 'knex';
import type { Database } from './openDatabase';

/**
 * What a close run sees (bitemporal: event time is a record's bill_cycle, arrival time its
 * delivery file). `maxFileId` is the run's watermark: records, rejects and reference rows of
 * later delivery files are not in the view. `asOf` is the instant of the view: revisions of other
 * periods and correction bookings count only when they were sealed by then. A record of the
 * period that another sealed run booked as a prior-period correction is out of the view: it is
 * counted once, where it was booked.
 */
export interface PeriodView {
  period: string;
  /** The run this view is of; its own bookings are corrections of other periods, never excluded. */
  runId: number;
  maxFileId: number;
  asOf: string;
}

/** A watermark above every delivery file id (the largest 32-bit integer: the column's range on PostgreSQL). */
export const EVERY_FILE = 2_147_483_647;

export type RecordKind = 'consumption' | 'refund' | 'adjustment';

export const RECORD_TABLE: Readonly<Record<RecordKind, string>> = {
  consumption: 'consumption_records',
  refund: 'refund_records',
  adjustment: 'adjustment_records',
};

/** Bookings of `kind` made by runs sealed by `asOf` (aliases: `b` the booking, `r` its run). */
export function sealedBookings(db: Database, kind: RecordKind, asOf: string): Knex.QueryBuilder {
  return db.knex('correction_bookings as b').join('close_runs as r', 'r.id', 'b.run_id')
    .where('b.record_kind', kind).andWhere('r.sealed', 1).andWhere('r.sealed_at', '<=', asOf);
}

/** record_ids of `kind` of the view's period that a sealed run (as of the view) booked as corrections. */
export function bookedElsewhere(db: Database, kind: RecordKind, view: PeriodView): Knex.QueryBuilder {
  return sealedBookings(db, kind, view.asOf).andWhere('b.bill_cycle', view.period).andWhereNot('b.run_id', view.runId).select('b.record_id');
}

/**
 * Narrows a query on a record table (optionally aliased) to the view's records of its period.
 * The bill_cycle condition comes first so the (bill_cycle, …) indexes still lead.
 */
export function whereInView<Q extends Knex.QueryBuilder>(db: Database, q: Q, kind: RecordKind, view: PeriodView, alias?: string): Q {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  q.where(col('bill_cycle'), view.period).andWhere(col('file_id'), '<=', view.maxFileId)
    .whereNotIn(col('record_id'), bookedElsewhere(db, kind, view));
  return q;
}

/** Narrows a query on a table with `file_id` (records of any period, reference rows, rejects) to what had arrived in the view. */
export function whereArrived<Q extends Knex.QueryBuilder>(q: Q, view: Pick<PeriodView, 'maxFileId'>, column = 'file_id'): Q {
  q.andWhere(column, '<=', view.maxFileId);
  return q;
}

/** record_ids of `kind` that run `runId` books as corrections. */
export function bookedBy(db: Database, kind: RecordKind, runId: number): Knex.QueryBuilder {
  return db.knex('correction_bookings').where({ run_id: runId, record_kind: kind }).select('record_id');
}

/** The highest delivery file id ingested so far: the watermark of a run starting now. */
export async function currentWatermark(db: Database): Promise<number> {
  const row = await db.knex('delivery_files').where({ status: 'ingested' }).max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

/** The watermark of an instant: the highest ingested file of a delivery made at or before it. */
export async function watermarkAsOf(db: Database, asOf: string): Promise<number> {
  const row = await db.knex('delivery_files as f').join('deliveries as d', 'd.id', 'f.delivery_id')
    .where('f.status', 'ingested').andWhere('d.ingested_at', '<=', asOf).max({ id: 'f.id' }).first();
  return Number(row?.id ?? 0);
}
