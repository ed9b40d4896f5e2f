import { isSettlementStatus, type SettlementStatus } from '../../domain/marketplace/settlementWorkflow';
import type { Database } from './openDatabase';
import { isUniqueViolation } from './uniqueViolation';

/**
 * The settlement workflow's audit log (table `settlement_audit`, migration 002): one row per
 * transition of a settlement statement, numbered by `seq` per statement. The current status is
 * the last row's `to_status`, `billed` when there is none; the statements themselves are never
 * touched.
 */

export interface SettlementTransition {
  statementId: string;
  seq: number;
  from: SettlementStatus;
  to: SettlementStatus;
  actor: string;
  reason: string;
  /** ISO 8601, UTC. */
  at: string;
}

/** A statement's status as read from the log, with the seq it was read at (0: no transition yet). */
export interface SettlementState {
  status: SettlementStatus;
  seq: number;
}

/** Two advances of the same statement raced and this one lost: nothing was written. */
export class ConcurrentTransitionError extends Error {
  readonly code = 'settlement.concurrent';
  constructor(readonly statementId: string) {
    super(`settlement ${statementId} changed concurrently, try again (reckon settlement history ${statementId})`);
  }
}

function statusOf(text: unknown, statementId: string): SettlementStatus {
  const s = String(text);
  if (!isSettlementStatus(s)) throw new Error(`settlement_audit of ${statementId} holds unknown status "${s}"`);
  return s;
}

function transitionFromRow(row: Record<string, unknown>): SettlementTransition {
  const statementId = String(row.statement_id);
  return {
    statementId,
    seq: Number(row.seq),
    from: statusOf(row.from_status, statementId),
    to: statusOf(row.to_status, statementId),
    actor: String(row.actor),
    reason: String(row.reason ?? ''),
    at: String(row.at),
  };
}

/** A statement's transitions, oldest first. */
export async function loadSettlementHistory(db: Database, statementId: string): Promise<SettlementTransition[]> {
  const rows = await db.knex('settlement_audit').where({ statement_id: statementId }).orderBy('seq');
  return rows.map(transitionFromRow);
}

/** The current status of a statement: its last transition's `to`, `billed` when it has none. */
export async function loadSettlementState(db: Database, statementId: string): Promise<SettlementState> {
  const row = await db.knex('settlement_audit').where({ statement_id: statementId }).orderBy('seq', 'desc').first();
  return row ? { status: statusOf(row.to_status, statementId), seq: Number(row.seq) } : { status: 'billed', seq: 0 };
}

/**
 * Current status of every statement that has transitions; statements missing from the map are
 * `billed`. (The log holds a few rows per statement, so it is read whole.)
 */
export async function loadSettlementStatuses(db: Database): Promise<Map<string, SettlementStatus>> {
  const k = db.knex;
  const latest = k('settlement_audit').select('statement_id').max({ seq: 'seq' }).groupBy('statement_id').as('latest');
  const q = k('settlement_audit as a')
    .join(latest, (j) => j.on('latest.statement_id', '=', 'a.statement_id').andOn('latest.seq', '=', 'a.seq'))
    .select('a.statement_id', 'a.to_status');
  const out = new Map<string, SettlementStatus>();
  for (const row of await q) out.set(String(row.statement_id), statusOf(row.to_status, String(row.statement_id)));
  return out;
}

/**
 * Appends the transition that follows the state read at `afterSeq` (it gets seq `afterSeq + 1`).
 * If another transition of the statement landed since that read, the unique (statement_id, seq)
 * key refuses this one: a ConcurrentTransitionError, and nothing is written.
 */
export async function appendSettlementTransition(
  db: Database,
  input: { statementId: string; afterSeq: number; from: SettlementStatus; to: SettlementStatus; actor: string; reason: string; at: string },
): Promise<SettlementTransition> {
  const row = {
    statement_id: input.statementId, seq: input.afterSeq + 1, from_status: input.from, to_status: input.to,
    actor: input.actor, reason: input.reason, at: input.at,
  };
  try {
    await db.knex('settlement_audit').insert(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConcurrentTransitionError(input.statementId);
    throw error;
  }
  return transitionFromRow(row);
}
