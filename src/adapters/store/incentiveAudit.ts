import { isPayoutStatus, type PayoutStatus } from '../../domain/incentives/payoutWorkflow';
import type { Database } from './openDatabase';
import { isUniqueViolation } from './uniqueViolation';

/**
 * The incentive payout workflow's audit log (table `incentive_audit`, migration 006): one row per
 * transition, numbered by `seq` per statement; the current status is the last row's `to_status`
 * (`issued` when there is none). The payout method is fixed by the `applied` row.
 */
export interface PayoutTransition {
  statementId: string;
  seq: number;
  from: PayoutStatus;
  to: PayoutStatus;
  actor: string;
  reason: string;
  payoutMethod: string;
  /** ISO 8601, UTC. */
  at: string;
}

/** Two moves of the same statement raced and this one lost: nothing was written. */
export class ConcurrentPayoutError extends Error {
  readonly code = 'incentive.concurrent';
  constructor(readonly statementId: string) {
    super(`incentive ${statementId} changed concurrently, try again (reckon incentive history ${statementId})`);
  }
}

function statusOf(text: unknown, statementId: string): PayoutStatus {
  const s = String(text);
  if (!isPayoutStatus(s)) throw new Error(`incentive_audit of ${statementId} holds unknown status "${s}"`);
  return s;
}

function fromRow(row: Record<string, unknown>): PayoutTransition {
  const statementId = String(row.statement_id);
  return {
    statementId, seq: Number(row.seq), from: statusOf(row.from_status, statementId), to: statusOf(row.to_status, statementId),
    actor: String(row.actor), reason: String(row.reason ?? ''), payoutMethod: String(row.payout_method ?? ''), at: String(row.at),
  };
}

/** A statement's transitions, oldest first. */
export async function loadPayoutHistory(db: Database, statementId: string): Promise<PayoutTransition[]> {
  return (await db.knex('incentive_audit').where({ statement_id: statementId }).orderBy('seq')).map(fromRow);
}

/** Every statement's transitions, by statement then seq (the log holds a few rows per statement). */
export async function loadAllPayoutHistories(db: Database): Promise<Map<string, PayoutTransition[]>> {
  const out = new Map<string, PayoutTransition[]>();
  for (const row of await db.knex('incentive_audit').orderBy([{ column: 'statement_id' }, { column: 'seq' }])) {
    const t = fromRow(row);
    out.set(t.statementId, [...(out.get(t.statementId) ?? []), t]);
  }
  return out;
}

/**
 * Appends the transition that follows `afterSeq` (it gets seq `afterSeq + 1`); a transition that
 * landed since the caller's read makes the unique key refuse this one (ConcurrentPayoutError).
 */
export async function appendPayoutTransition(db: Database, t: Omit<PayoutTransition, 'seq'> & { afterSeq: number }): Promise<PayoutTransition> {
  const row = {
    statement_id: t.statementId, seq: t.afterSeq + 1, from_status: t.from, to_status: t.to, actor: t.actor, reason: t.reason,
    payout_method: t.payoutMethod, at: t.at,
  };
  try {
    await db.knex('incentive_audit').insert(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConcurrentPayoutError(t.statementId);
    throw error;
  }
  return fromRow(row);
}
