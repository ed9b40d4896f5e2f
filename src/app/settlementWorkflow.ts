import { signOfDecimal } from '../domain/money/exactDecimal';
import {
  appendSettlementTransition, loadSettlementHistory, loadSettlementState, loadSettlementStatuses, type SettlementTransition,
} from '../adapters/store/settlementAudit';
import type { Database } from '../adapters/store/openDatabase';
import type { SettlementStatement } from '../domain/marketplace/settlementStatement';
import { advance, nextStatuses, type SettlementStatus } from '../domain/marketplace/settlementWorkflow';

/**
 * The settlement workflow of DOMAIN §5.2 as use cases: list the settlement statements of closed
 * periods with their current status, move one along the graph (who, when, why go to the audit
 * log), and read its history. The statements table is only read: advancing never changes an
 * amount, and the `status` inside a statement's document stays the status at issue (`billed`).
 */

/** One settlement statement of a closed period, with its current workflow status. */
export interface SettlementSummary {
  statementId: string;
  period: string;
  revision: number;
  sellerId: string;
  sellerName: string;
  currency: string;
  payable: string;
  carriedForward: string;
  invoiceRequired: boolean;
  status: SettlementStatus;
}

export type SettlementWorkflowErrorCode =
  | 'settlement.unknown_statement' | 'settlement.transition' | 'settlement.actor_required' | 'settlement.reason_required';

/** A request the workflow refuses; `allowed` lists the statuses the statement may move to. */
export class SettlementWorkflowError extends Error {
  constructor(readonly code: SettlementWorkflowErrorCode, message: string, readonly allowed: readonly SettlementStatus[] = []) {
    super(message);
  }
}

interface StoredSettlement {
  period: string;
  revision: number;
  sellerId: string;
  currency: string;
  document: SettlementStatement;
}

/** Settlement statements of the closing runs of closed periods (of one period when given), by period, seller, currency. */
async function closedSettlements(db: Database, period?: string): Promise<StoredSettlement[]> {
  const q = db.knex('statements as s')
    .join('periods as p', (j) => j.on('p.closed_run_id', '=', 's.run_id'))
    .where('p.state', 'closed').andWhere('s.kind', 'settlement')
    .select('s.period', 's.revision', 's.subject_id', 's.currency', 's.document')
    .orderBy(['s.period', 's.subject_id', 's.currency']);
  if (period !== undefined) q.andWhere('s.period', period);
  return (await q).map((r) => ({
    period: String(r.period), revision: Number(r.revision), sellerId: String(r.subject_id), currency: String(r.currency),
    document: JSON.parse(String(r.document)) as SettlementStatement,
  }));
}

function summarize(s: StoredSettlement, status: SettlementStatus): SettlementSummary {
  const d = s.document;
  return {
    statementId: d.statement_id, period: s.period, revision: s.revision, sellerId: s.sellerId, sellerName: d.seller_name ?? '',
    currency: s.currency, payable: d.totals.payable, carriedForward: d.totals.carried_forward,
    invoiceRequired: d.invoice_list.required === true, status,
  };
}

/** Settlement statements of closed periods with their current status, by period, seller, currency. */
export async function listSettlements(db: Database, filter: { period?: string; status?: SettlementStatus } = {}): Promise<SettlementSummary[]> {
  const statuses = await loadSettlementStatuses(db);
  return (await closedSettlements(db, filter.period))
    .map((s) => summarize(s, statuses.get(s.document.statement_id) ?? 'billed'))
    .filter((s) => filter.status === undefined || s.status === filter.status);
}

/** The statement `statementId` names (`S-<period>-r<rev>-<currency>-<seller>`), in a closed period. */
async function findSettlement(db: Database, statementId: string): Promise<StoredSettlement> {
  const period = /^S-(\d{4}-\d{2})-r\d+-/.exec(statementId)?.[1];
  const found = period === undefined ? undefined : (await closedSettlements(db, period)).find((s) => s.document.statement_id === statementId);
  if (found === undefined) {
    throw new SettlementWorkflowError('settlement.unknown_statement',
      `no settlement statement "${statementId}" in a closed period (ids look like S-2026-10-r1-CNY-<seller>; \`reckon settlement list\` shows them)`);
  }
  return found;
}

export interface AdvanceSettlementInput {
  statementId: string;
  to: SettlementStatus;
  /** Who moves it (required, non-blank). */
  by: string;
  /** Why; required when moving to `rejected`. */
  reason?: string;
  at: Date;
}

export interface AdvanceSettlementResult {
  transition: SettlementTransition;
  settlement: SettlementSummary;
  /** Where the statement may go from its new status. */
  next: readonly SettlementStatus[];
}

/**
 * Moves a settlement statement to `to` if the graph allows it from its current status, and logs
 * who, when and why. Only the audit log is written. Two advances racing from the same status:
 * one lands, the other fails with ConcurrentTransitionError (settlement.concurrent).
 */
export async function advanceSettlement(db: Database, input: AdvanceSettlementInput): Promise<AdvanceSettlementResult> {
  const by = input.by.trim();
  const reason = (input.reason ?? '').trim();
  if (by === '') throw new SettlementWorkflowError('settlement.actor_required', 'say who moves the settlement (--by <name>)');
  const stored = await findSettlement(db, input.statementId);
  const invoiceRequired = stored.document.invoice_list.required === true;
  const nothingToPay = signOfDecimal(stored.document.totals.payable) === 0;
  const state = await loadSettlementState(db, input.statementId);
  const checked = advance(state.status, input.to, invoiceRequired, nothingToPay);
  if (!checked.ok) throw new SettlementWorkflowError('settlement.transition', `${input.statementId}: ${checked.error.message}`, checked.error.allowed);
  if (input.to === 'rejected' && reason === '') {
    throw new SettlementWorkflowError('settlement.reason_required', `a rejection needs a reason (--reason <text>): the merchant is told why ${input.statementId} was rejected`);
  }
  const transition = await appendSettlementTransition(db, {
    statementId: input.statementId, afterSeq: state.seq, from: state.status, to: input.to, actor: by, reason, at: input.at.toISOString(),
  });
  return { transition, settlement: summarize(stored, input.to), next: nextStatuses(input.to, invoiceRequired, nothingToPay) };
}

/** A settlement statement and its transitions, oldest first. */
export async function settlementHistory(db: Database, statementId: string): Promise<{ settlement: SettlementSummary; transitions: SettlementTransition[] }> {
  const stored = await findSettlement(db, statementId);
  const transitions = await loadSettlementHistory(db, statementId);
  return { settlement: summarize(stored, transitions.at(-1)?.to ?? 'billed'), transitions };
}
