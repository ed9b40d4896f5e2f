import { isPayoutStatus, type PayoutStatus } from '../../domain/incentives/payoutWorkflow';
import { auditLog, type AuditedTransition } from './auditLog';
import type { Database } from './openDatabase';

/**
 * The incentive payout workflow's audit log (table `incentive_audit`, migration 006): the
 * current status is the last transition's `to` (`issued` when there is none). The payout method
 * is fixed by the `applied` row and kept on every row.
 */
export interface PayoutTransition extends AuditedTransition<PayoutStatus> {
  payoutMethod: string;
}

/** Two moves of the same statement raced and this one lost: nothing was written. */
export class ConcurrentPayoutError extends Error {
  readonly code = 'incentive.concurrent';
  constructor(readonly statementId: string) {
    super(`incentive ${statementId} changed concurrently, try again (reckon incentive history ${statementId})`);
  }
}

const log = auditLog<PayoutStatus, PayoutTransition>({
  table: 'incentive_audit',
  isStatus: isPayoutStatus,
  concurrent: (id) => new ConcurrentPayoutError(id),
  extra: { read: (row) => ({ payoutMethod: String(row.payout_method ?? '') }), write: (t) => ({ payout_method: t.payoutMethod }) },
});

export const loadPayoutHistory = (db: Database, statementId: string): Promise<PayoutTransition[]> => log.history(db, statementId);

export const loadAllPayoutHistories = (db: Database): Promise<Map<string, PayoutTransition[]>> => log.histories(db);

export const appendPayoutTransition = (db: Database, t: Omit<PayoutTransition, 'seq'> & { afterSeq: number }): Promise<PayoutTransition> =>
  log.append(db, t);
