import { isSettlementStatus, type SettlementStatus } from '../../domain/marketplace/settlementWorkflow';
import { auditLog, type AuditedTransition } from './auditLog';
import type { Database } from './openDatabase';

/**
 * The settlement workflow's audit log (table `settlement_audit`, migration 002): the current
 * status of a statement is its last transition's `to`, `billed` when there is none; the
 * statements themselves are never touched.
 */
export type SettlementTransition = AuditedTransition<SettlementStatus>;

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

const log = auditLog<SettlementStatus, SettlementTransition>({
  table: 'settlement_audit', isStatus: isSettlementStatus, concurrent: (id) => new ConcurrentTransitionError(id),
});

export const loadSettlementHistory = (db: Database, statementId: string): Promise<SettlementTransition[]> => log.history(db, statementId);

export async function loadSettlementState(db: Database, statementId: string): Promise<SettlementState> {
  const last = await log.last(db, statementId);
  return last ? { status: last.to, seq: last.seq } : { status: 'billed', seq: 0 };
}

/** Statements missing from the map are `billed`. */
export const loadSettlementStatuses = (db: Database): Promise<Map<string, SettlementStatus>> => log.statuses(db);

/**
 * Appends the transition that follows the state read at `afterSeq`; a transition that landed
 * since that read makes it a ConcurrentTransitionError, and nothing is written.
 */
export const appendSettlementTransition = (db: Database, t: Omit<SettlementTransition, 'seq'> & { afterSeq: number }): Promise<SettlementTransition> =>
  log.append(db, t);
