import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { Database } from './openDatabase';
import { isLiveProcess } from '../isLiveProcess';

/**
 * The store's close lease (table close_lease, one row): at most one close runs per store at a
 * time, whatever process, machine or runner starts it. Taking it is one write-first transaction
 * (SQLite: the first statement writes, so the transaction holds the write lock from the start;
 * PostgreSQL: the row is locked FOR UPDATE), so two contenders can never both see it free.
 *
 * A holder is a string: `inline:<host>:<pid>:<token>` for a close running in one process, or
 * `queue:<id>` for a queued close whose jobs run on any worker. An inline holder on this machine
 * counts as gone as soon as its process no longer exists (a killed close is taken over at once by
 * the next one); any other holder when its heartbeat is older than LEASE_TTL_MS.
 */

const LEASE_ROW = 'close';
/** A holder that gave no sign of life for this long is gone (heartbeats come every HEARTBEAT_MS). */
export const LEASE_TTL_MS = 120_000;
export const HEARTBEAT_MS = 10_000;

export interface LeaseHolding {
  holder: string;
  period: string;
  runKey: string | null;
  acquiredAt: string;
  heartbeatMs: number;
}

export type LeaseAttempt = { acquired: true } | { acquired: false; heldBy: LeaseHolding };

/** A holder id for a close running in this process (a fresh token unless given). */
export function inlineHolder(token: string = randomUUID()): string {
  return `inline:${hostname()}:${process.pid}:${token}`;
}

/** The host and pid of an inline holder; undefined for a queued one. */
function inlineProcessOf(holder: string): { host: string; pid: number } | undefined {
  const match = /^inline:(.*):(\d+):[^:]*$/.exec(holder);
  return match === null ? undefined : { host: match[1]!, pid: Number(match[2]) };
}

/** Whether a holding can be taken over: its holder died or stopped beating. */
export function isStale(holding: LeaseHolding, nowMs: number): boolean {
  const inline = inlineProcessOf(holding.holder);
  // On this machine the process itself tells: a long transaction can delay a heartbeat, not a death.
  if (inline !== undefined && inline.host === hostname()) return !isLiveProcess(inline.pid);
  return nowMs - holding.heartbeatMs > LEASE_TTL_MS;
}

/** Reads the lease row inside `trx`, locking it (write-first on SQLite, FOR UPDATE on PostgreSQL). */
async function lockLeaseRow(db: Database, trx: Knex.Transaction): Promise<LeaseHolding | undefined> {
  if (db.dialect === 'sqlite') await trx('close_lease').where({ name: LEASE_ROW }).update({ name: LEASE_ROW });
  const query = trx('close_lease').where({ name: LEASE_ROW });
  return holdingOf(await (db.dialect === 'postgres' ? query.forUpdate() : query).first());
}

function holdingOf(row: Record<string, unknown> | undefined): LeaseHolding | undefined {
  if (!row || row.holder === null || row.holder === undefined) return undefined;
  return {
    holder: String(row.holder), period: String(row.period ?? ''), runKey: row.run_key === null || row.run_key === undefined ? null : String(row.run_key),
    acquiredAt: String(row.acquired_at ?? ''), heartbeatMs: Number(row.heartbeat_ms ?? 0),
  };
}

/**
 * Takes the lease for `holder` to close `period` unless another live holder has it. Taking it
 * again as the same holder renews it (a retried job of the same close).
 */
export async function tryAcquireCloseLease(db: Database, holder: string, period: string, nowMs: number): Promise<LeaseAttempt> {
  return db.knex.transaction(async (trx) => {
    const current = await lockLeaseRow(db, trx);
    if (current !== undefined && current.holder !== holder && !isStale(current, nowMs)) return { acquired: false, heldBy: current };
    const keep = current?.holder === holder;
    await trx('close_lease').where({ name: LEASE_ROW }).update({
      holder, period, heartbeat_ms: nowMs,
      run_key: keep ? current.runKey : null,
      acquired_at: keep ? current.acquiredAt : new Date(nowMs).toISOString(),
    });
    return { acquired: true };
  });
}

/** Renews the holder's heartbeat (and names its run once known); false when it no longer holds the lease. */
export async function renewCloseLease(db: Database, holder: string, nowMs: number, runKey?: string): Promise<boolean> {
  const changed = await db.knex('close_lease').where({ name: LEASE_ROW, holder })
    .update({ heartbeat_ms: nowMs, ...(runKey !== undefined ? { run_key: runKey } : {}) });
  return Number(changed) > 0;
}

/** Gives the lease back if `holder` has it. */
export async function releaseCloseLease(db: Database, holder: string): Promise<void> {
  await db.knex('close_lease').where({ name: LEASE_ROW, holder })
    .update({ holder: null, period: null, run_key: null, acquired_at: null, heartbeat_ms: 0 });
}

/** Who holds the lease now (for status and messages), if anyone. */
export async function currentCloseLease(db: Database): Promise<LeaseHolding | undefined> {
  return holdingOf(await db.knex('close_lease').where({ name: LEASE_ROW }).first());
}

/** "pid 1234 on host" / "a queued close": who a holder is, for a person. */
export function describeHolder(holder: string): string {
  const inline = inlineProcessOf(holder);
  if (inline) return `pid ${inline.pid} on ${inline.host}`;
  return holder.startsWith('queue:') ? 'a queued close' : holder;
}
