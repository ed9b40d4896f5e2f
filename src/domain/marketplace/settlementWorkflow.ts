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

/** Classes where the merchant invoices the platform before it is paid (联营, 自营, 严选). */
export function requiresMerchantInvoice(productClass: ProductClass): boolean {
  return productClass !== 'generic';
}

/**
 * The transitions of DOMAIN §5.2. A countersigned statement of a class where the merchant
 * invoices the platform goes through the invoice steps; a generic one goes straight to payment
 * review. A rejected statement is resubmitted to countersigning. `paid` is final.
 *
 * Decisions where the DOMAIN is silent: no step moves backwards except resubmission after a
 * rejection (a refused invoice or payment request is handled outside the graph, by the people
 * concerned, and the statement waits in its status); staying in the same status is not a transition.
 */
export function nextStatuses(from: SettlementStatus, productClass: ProductClass): readonly SettlementStatus[] {
  switch (from) {
    case 'billed': return ['countersigning'];
    case 'countersigning': return ['countersigned', 'rejected'];
    case 'rejected': return ['countersigning'];
    case 'countersigned': return requiresMerchantInvoice(productClass) ? ['invoice_pending'] : ['payment_review'];
    case 'invoice_pending': return requiresMerchantInvoice(productClass) ? ['invoice_review'] : [];
    case 'invoice_review': return requiresMerchantInvoice(productClass) ? ['payment_review'] : [];
    case 'payment_review': return ['paid'];
    case 'paid': return [];
  }
}

export function canAdvance(from: SettlementStatus, to: SettlementStatus, productClass: ProductClass): boolean {
  return nextStatuses(from, productClass).includes(to);
}

/** A transition the graph does not allow. Stable code for the CLI, logs and tests. */
export interface SettlementTransitionError {
  code: 'settlement.transition';
  from: SettlementStatus;
  to: SettlementStatus;
  product_class: ProductClass;
  /** Allowed next statuses from `from`, so that the message can say what would be accepted. */
  allowed: readonly SettlementStatus[];
  message: string;
}

export type AdvanceResult = { ok: true; status: SettlementStatus } | { ok: false; error: SettlementTransitionError };

/**
 * Checks one transition against the graph; returns the new status or the refusal. Pure: the
 * caller records who, when and why, and advancing never touches the statement's amounts.
 *
 * @example advance('countersigned', 'payment_review', 'joint')
 * // { ok: false, error: { code: 'settlement.transition', …, allowed: ['invoice_pending'] } }
 */
export function advance(from: SettlementStatus, to: SettlementStatus, productClass: ProductClass): AdvanceResult {
  const allowed = nextStatuses(from, productClass);
  if (allowed.includes(to)) return { ok: true, status: to };
  const options = allowed.length === 0 ? `no transition leaves ${from}` : `allowed: ${allowed.join(', ')}`;
  return {
    ok: false,
    error: {
      code: 'settlement.transition', from, to, product_class: productClass, allowed,
      message: `a ${productClass} settlement cannot go from ${from} to ${to} (${options})`,
    },
  };
}
