import type { ProductClass } from './shareRatio';

/** Status of a settlement statement (DOMAIN §5.2). */
export type SettlementStatus =
  | 'billed'
  | 'countersigning' // 会签中
  | 'countersigned'
  | 'rejected' // 会签驳回
  | 'invoice_pending' // 待开票
  | 'invoice_review' // 发票待审核
  | 'payment_review' // 申付审核
  | 'paid';

export const SETTLEMENT_STATUSES: readonly SettlementStatus[] = [
  'billed', 'countersigning', 'countersigned', 'rejected', 'invoice_pending', 'invoice_review', 'payment_review', 'paid',
];

export function isSettlementStatus(text: string): text is SettlementStatus {
  return (SETTLEMENT_STATUSES as readonly string[]).includes(text);
}

/** Classes where the merchant invoices the platform before it is paid (联营, 自营, 严选). */
export function requiresMerchantInvoice(productClass: ProductClass): boolean {
  return productClass !== 'generic';
}

/**
 * The transitions of DOMAIN §5.2 for one settlement statement. A statement covers several
 * product classes, so the graph depends on whether it requires a merchant invoice (its
 * `invoice_list.required`: a class where the merchant invoices the platform is paid on it): a
 * countersigned statement that does goes through the invoice steps, one that does not goes
 * straight to payment review. A rejected statement is resubmitted to countersigning. `paid` is final.
 *
 * Decisions where the DOMAIN is silent: no step moves backwards except resubmission after a
 * rejection (a refused invoice or payment request is handled outside the graph, by the people
 * concerned, and the statement waits in its status); staying in the same status is not a transition.
 * A statement with nothing to pay (payable 0.00: everything absorbed, carried or owed back) ends
 * at `countersigned`: the merchant has agreed the figures and there is no payment to request,
 * so it can never be reported `paid` (docs/settlements-workflow.md).
 */
export function nextStatuses(from: SettlementStatus, invoiceRequired: boolean, nothingToPay = false): readonly SettlementStatus[] {
  switch (from) {
    case 'billed': return ['countersigning'];
    case 'countersigning': return ['countersigned', 'rejected'];
    case 'rejected': return ['countersigning'];
    case 'countersigned': return nothingToPay ? [] : invoiceRequired ? ['invoice_pending'] : ['payment_review'];
    case 'invoice_pending': return invoiceRequired ? ['invoice_review'] : [];
    case 'invoice_review': return invoiceRequired ? ['payment_review'] : [];
    case 'payment_review': return ['paid'];
    case 'paid': return [];
  }
}

export function canAdvance(from: SettlementStatus, to: SettlementStatus, invoiceRequired: boolean, nothingToPay = false): boolean {
  return nextStatuses(from, invoiceRequired, nothingToPay).includes(to);
}

/** A transition the graph does not allow. Stable code for the CLI, logs and tests. */
export interface SettlementTransitionError {
  code: 'settlement.transition';
  from: SettlementStatus;
  to: SettlementStatus;
  invoice_required: boolean;
  /** Allowed next statuses from `from`, so that the message can say what would be accepted. */
  allowed: readonly SettlementStatus[];
  message: string;
}

export type AdvanceResult = { ok: true; status: SettlementStatus } | { ok: false; error: SettlementTransitionError };

/**
 * Checks one transition against the graph; returns the new status or the refusal. Pure: the
 * caller records who, when and why, and advancing never touches the statement's amounts.
 *
 * @example advance('countersigned', 'payment_review', true)
 * // { ok: false, error: { code: 'settlement.transition', …, allowed: ['invoice_pending'] } }
 */
export function advance(from: SettlementStatus, to: SettlementStatus, invoiceRequired: boolean, nothingToPay = false): AdvanceResult {
  const allowed = nextStatuses(from, invoiceRequired, nothingToPay);
  if (allowed.includes(to)) return { ok: true, status: to };
  const options = allowed.length === 0
    ? nothingToPay && from === 'countersigned' ? 'it has nothing to pay (payable 0.00): countersigned is its last status' : `no transition leaves ${from}`
    : `allowed: ${allowed.join(', ')}`;
  const kind = nothingToPay ? 'a settlement with nothing to pay' : invoiceRequired ? 'a settlement with a merchant invoice' : 'a settlement without a merchant invoice';
  return {
    ok: false,
    error: {
      code: 'settlement.transition', from, to, invoice_required: invoiceRequired, allowed,
      message: `${kind} cannot go from ${from} to ${to} (${options})`,
    },
  };
}
