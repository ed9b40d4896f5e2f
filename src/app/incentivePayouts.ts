import { appendPayoutTransition, loadAllPayoutHistories, loadPayoutHistory, type PayoutTransition } from '../adapters/store/incentiveAudit';
import type { Database } from '../adapters/store/openDatabase';
import { loadReferenceData } from '../adapters/store/referenceStore';
import type { IncentiveStatement } from '../domain/incentives/incentiveStatement';
import {
  canFreeze, effectivePayoutStatus, INVOICED_PAYOUT_METHODS, lostAtMs, nextPayoutStatuses, type PayoutStatus,
} from '../domain/incentives/payoutWorkflow';
import { signOfDecimal } from '../domain/money/exactDecimal';
import { isoInZone } from '../domain/period/zonedTime';

/**
 * The incentive payout workflow as use cases (docs/incentive-payouts.md), in the style of the
 * settlement workflow: list the incentive statements of closed periods with their payout status,
 * apply for one (fixing its payout method), move it along, freeze it, read its history. Only the
 * audit log is written; statements and issued files never change.
 */
export interface PayoutSummary {
  statementId: string;
  period: string;
  revision: number;
  partnerId: string;
  partnerName: string;
  currency: string;
  payable: string;
  /** The method fixed at application; before it, the partner's payout_method on the statement. */
  payoutMethod: string;
  status: PayoutStatus;
  /** When an unpaid incentive is lost (ISO in the billing zone), when the partner has left the programme. */
  lostAt: string | undefined;
}

export type PayoutErrorCode =
  | 'incentive.unknown_statement' | 'incentive.transition' | 'incentive.not_payable' | 'incentive.lost'
  | 'incentive.actor_required' | 'incentive.reason_required' | 'incentive.method';

export class PayoutWorkflowError extends Error {
  constructor(readonly code: PayoutErrorCode, message: string, readonly allowed: readonly PayoutStatus[] = []) {
    super(message);
  }
}

/** `I-<period>-r<revision>-<currency>-<partner_id>`: the id the payout commands take. */
export function incentiveStatementId(s: Pick<IncentiveStatement, 'period' | 'revision' | 'currency' | 'partner_id'>): string {
  return `I-${s.period}-r${s.revision}-${s.currency}-${s.partner_id}`;
}

async function closedIncentives(db: Database, period?: string): Promise<IncentiveStatement[]> {
  const q = db.knex('statements as s')
    .join('periods as p', (j) => j.on('p.closed_run_id', '=', 's.run_id'))
    .where('p.state', 'closed').andWhere('s.kind', 'incentive')
    .select('s.document').orderBy(['s.period', 's.subject_id', 's.currency']);
  if (period !== undefined) q.andWhere('s.period', period);
  return (await q).map((r) => JSON.parse(String(r.document)) as IncentiveStatement);
}

interface PayoutState {
  logged: PayoutStatus;
  seq: number;
  method: string;
  frozenFrom: PayoutStatus | undefined;
}

/** The state a statement's log says: last status, the method fixed when applied, where a freeze returns to. */
function stateOf(history: readonly PayoutTransition[], statement: IncentiveStatement): PayoutState {
  const last = history[history.length - 1];
  const applied = history.find((t) => t.to === 'applied');
  return {
    logged: last?.to ?? 'issued', seq: last?.seq ?? 0, method: applied?.payoutMethod ?? statement.payout_method,
    frozenFrom: last?.to === 'frozen' ? last.from : undefined,
  };
}

interface Context {
  now: Date;
  zone: string;
}

async function programmeEnds(db: Database): Promise<Map<string, string>> {
  const reference = await loadReferenceData(db);
  return new Map(reference.partners.filter((p) => (p.programmeEnd ?? '') !== '').map((p) => [p.partnerId, p.programmeEnd!]));
}

function summarize(s: IncentiveStatement, state: PayoutState, lostAt: number | undefined, ctx: Context): PayoutSummary {
  return {
    statementId: incentiveStatementId(s), period: s.period, revision: s.revision, partnerId: s.partner_id, partnerName: s.partner_name,
    currency: s.currency, payable: s.totals.payable, payoutMethod: state.method,
    status: effectivePayoutStatus(state.logged, ctx.now.getTime(), lostAt),
    lostAt: lostAt === undefined ? undefined : isoInZone(lostAt, ctx.zone),
  };
}

/** Incentive statements of closed periods with their payout status, by period, partner, currency. */
export async function listPayouts(db: Database, ctx: Context, filter: { period?: string; status?: PayoutStatus } = {}): Promise<PayoutSummary[]> {
  const histories = await loadAllPayoutHistories(db);
  const ends = await programmeEnds(db);
  return (await closedIncentives(db, filter.period))
    .map((s) => {
      const end = ends.get(s.partner_id);
      return summarize(s, stateOf(histories.get(incentiveStatementId(s)) ?? [], s), end === undefined ? undefined : lostAtMs(end, ctx.zone), ctx);
    })
    .filter((s) => filter.status === undefined || s.status === filter.status);
}

async function findIncentive(db: Database, statementId: string): Promise<IncentiveStatement> {
  const period = /^I-(\d{4}-\d{2})-r\d+-/.exec(statementId)?.[1];
  const found = period === undefined ? undefined : (await closedIncentives(db, period)).find((s) => incentiveStatementId(s) === statementId);
  if (found === undefined) {
    throw new PayoutWorkflowError('incentive.unknown_statement',
      `no incentive statement "${statementId}" in a closed period (ids look like I-2026-10-r1-CNY-<partner>; \`reckon incentive list\` shows them)`);
  }
  return found;
}

export interface PayoutMove {
  statementId: string;
  by: string;
  reason?: string;
  at: Date;
  zone: string;
}

export interface PayoutMoveResult {
  transition: PayoutTransition;
  payout: PayoutSummary;
  next: readonly PayoutStatus[];
}

async function move(db: Database, input: PayoutMove, decide: (s: IncentiveStatement, state: PayoutState) => { to: PayoutStatus; method: string }): Promise<PayoutMoveResult> {
  const by = input.by.trim();
  if (by === '') throw new PayoutWorkflowError('incentive.actor_required', 'say who moves the incentive (--by <name>)');
  const statement = await findIncentive(db, input.statementId);
  const state = stateOf(await loadPayoutHistory(db, input.statementId), statement);
  const end = (await programmeEnds(db)).get(statement.partner_id);
  const lostAt = end === undefined ? undefined : lostAtMs(end, input.zone);
  const ctx = { now: input.at, zone: input.zone };
  if (effectivePayoutStatus(state.logged, input.at.getTime(), lostAt) === 'lost') {
    throw new PayoutWorkflowError('incentive.lost',
      `${input.statementId} is lost: ${statement.partner_id} left the programme on ${end}, and an incentive not paid within a year is not paid`);
  }
  const { to, method } = decide(statement, state);
  const transition = await appendPayoutTransition(db, {
    statementId: input.statementId, afterSeq: state.seq, from: state.logged, to, actor: by, reason: (input.reason ?? '').trim(),
    payoutMethod: method, at: input.at.toISOString(),
  });
  const after = { ...state, logged: to, seq: transition.seq, method, frozenFrom: to === 'frozen' ? state.logged : undefined };
  return { transition, payout: summarize(statement, after, lostAt, ctx), next: nextPayoutStatuses(to, method, after.frozenFrom) };
}

/**
 * 申付: applies for an issued incentive with a positive payable; the payout method (the
 * statement's, or `method`) is fixed from now on.
 */
export async function applyForPayout(db: Database, input: PayoutMove & { method?: string }): Promise<PayoutMoveResult> {
  return move(db, input, (s, state) => {
    if (state.logged !== 'issued') {
      throw new PayoutWorkflowError('incentive.transition', `${input.statementId} was already applied for (it is ${state.logged})`, nextPayoutStatuses(state.logged, state.method, state.frozenFrom));
    }
    if (signOfDecimal(s.totals.payable) <= 0) {
      throw new PayoutWorkflowError('incentive.not_payable', `${input.statementId} has nothing to pay (payable ${s.totals.payable}): only a positive payable can be applied for`);
    }
    const method = (input.method ?? s.payout_method).trim();
    if (method === '') throw new PayoutWorkflowError('incentive.method', `${input.statementId}: say how it is paid (--method bank|platform_account|voucher_quota|platform_account_deferred_invoice): partners.csv gives no payout_method`);
    return { to: 'applied', method };
  });
}

/** Moves an applied incentive along the graph (or a frozen one back to where it was frozen). */
export async function advancePayout(db: Database, input: PayoutMove & { to: PayoutStatus }): Promise<PayoutMoveResult> {
  return move(db, input, (_s, state) => {
    const allowed = state.logged === 'issued' ? [] : nextPayoutStatuses(state.logged, state.method, state.frozenFrom);
    if (!allowed.includes(input.to)) {
      const options = state.logged === 'issued' ? 'apply for it first: reckon incentive apply' : allowed.length === 0 ? `no transition leaves ${state.logged}` : `allowed: ${allowed.join(', ')}`;
      const how = INVOICED_PAYOUT_METHODS.has(state.method) ? `paid by ${state.method} (invoice reviewed)` : `paid by ${state.method || 'an unset method'} (no invoice review)`;
      throw new PayoutWorkflowError('incentive.transition', `${input.statementId}, ${how}, cannot go from ${state.logged} to ${input.to} (${options})`, allowed);
    }
    return { to: input.to, method: state.method };
  });
}

/** Freezes an incentive not yet paid; a reason is required. */
export async function freezePayout(db: Database, input: PayoutMove): Promise<PayoutMoveResult> {
  if ((input.reason ?? '').trim() === '') throw new PayoutWorkflowError('incentive.reason_required', `freezing needs a reason (--reason <text>): the partner is told why ${input.statementId} is frozen`);
  return move(db, input, (_s, state) => {
    if (!canFreeze(state.logged)) throw new PayoutWorkflowError('incentive.transition', `${input.statementId} cannot be frozen: it is ${state.logged}`);
    return { to: 'frozen', method: state.method };
  });
}

export async function payoutHistory(db: Database, statementId: string, ctx: Context): Promise<{ payout: PayoutSummary; transitions: PayoutTransition[] }> {
  const statement = await findIncentive(db, statementId);
  const transitions = await loadPayoutHistory(db, statementId);
  const end = (await programmeEnds(db)).get(statement.partner_id);
  return { payout: summarize(statement, stateOf(transitions, statement), end === undefined ? undefined : lostAtMs(end, ctx.zone), ctx), transitions };
}
