import type { BroughtForward, CascadeLine } from '../marketplace/deductionCascade';
import type {
  FiveDayNettingLine, InvoiceListLine, SettlementCorrectionLine, SettlementDeposit, SettlementProductLine, SettlementRefundLine,
  SettlementReceivable, SettlementStatement, SettlementTotals,
} from '../marketplace/settlementStatement';
import { renderJson } from './csvFormat';
import { documentWithLineage, type StatementJsonOptions } from './lineage';

/*
 * Every object below is rebuilt as a typed literal, key by key, in the order the file shows:
 * the output then depends on the statement's values only, never on the order its keys were
 * built or stored in (a document read back from the store, a spread, a test literal), and a
 * field added to the type without being placed here fails to compile instead of vanishing.
 * Keys the type does not know are dropped: the file shows the document, not whatever rides along.
 */

function product(p: SettlementProductLine): SettlementProductLine {
  return {
    product_id: p.product_id, paid: p.paid, merchant_share: p.merchant_share, platform_fee: p.platform_fee,
    product_class: p.product_class,
    platform_fee_rate: p.platform_fee_rate,
    merchant_ratio: p.merchant_ratio,
    tier: p.tier === null ? null : { min_monthly_paid: p.tier.min_monthly_paid, extra_merchant_share: p.tier.extra_merchant_share },
    paid_exact: p.paid_exact,
    records: p.records,
  };
}

function totals(t: SettlementTotals): SettlementTotals {
  return {
    gross: t.gross, merchant_share: t.merchant_share, platform_fee: t.platform_fee,
    refunds: t.refunds, refunds_reversed: t.refunds_reversed, net: t.net,
    brought_forward: t.brought_forward, deducted_from_deposit: t.deducted_from_deposit, payback_receivable: t.payback_receivable,
    payable: t.payable, carried_forward: t.carried_forward,
    refunds_platform_fee: t.refunds_platform_fee,
    corrections: t.corrections,
    // Undefined (left out of the file) in documents issued before receivables were tracked.
    receivable_brought_forward: t.receivable_brought_forward,
    receivable_carried_forward: t.receivable_carried_forward,
  };
}

function receivable(r: SettlementReceivable | undefined): SettlementReceivable | undefined {
  if (r === undefined) return undefined;
  return {
    brought_forward: r.brought_forward, new: r.new,
    payments: r.payments.map((p) => ({ payment_id: p.payment_id, amount: p.amount })),
    overpaid: r.overpaid, carried_forward: r.carried_forward,
  };
}

function refund(r: SettlementRefundLine): SettlementRefundLine {
  return {
    record_id: r.record_id, original_trade_id: r.original_trade_id, original_period: r.original_period,
    product_id: r.product_id, product_class: r.product_class, refund_reason: r.refund_reason,
    merchant_ratio: r.merchant_ratio, ratio_source: r.ratio_source,
    paid: r.paid, merchant_share: r.merchant_share, platform_fee: r.platform_fee,
    five_day_netted: r.five_day_netted,
  };
}

function fiveDay(f: FiveDayNettingLine): FiveDayNettingLine {
  return {
    trade_id: f.trade_id, product_id: f.product_id,
    order_record_ids: [...f.order_record_ids],
    order_paid: f.order_paid, order_merchant_share: f.order_merchant_share, order_platform_fee: f.order_platform_fee,
    refund_record_ids: [...f.refund_record_ids],
    refund_paid: f.refund_paid, refund_merchant_share: f.refund_merchant_share, refund_platform_fee: f.refund_platform_fee,
    net_paid: f.net_paid, net_merchant_share: f.net_merchant_share,
  };
}

function correction(c: SettlementCorrectionLine): SettlementCorrectionLine {
  return {
    original_period: c.original_period, record_id: c.record_id, kind: c.kind, trade_id: c.trade_id,
    product_id: c.product_id, product_class: c.product_class,
    paid: c.paid, merchant_ratio: c.merchant_ratio, merchant_part: c.merchant_part, platform_part: c.platform_part,
    ratio_source: c.ratio_source, ratio_period: c.ratio_period,
  };
}

function cascadeLine(l: CascadeLine): CascadeLine {
  return { step: l.step, product_class: l.product_class, from_period: l.from_period, amount: l.amount };
}

function deposit(d: SettlementDeposit): SettlementDeposit {
  return { opening: d.opening, deducted: d.deducted, remaining: d.remaining, source: d.source, source_period: d.source_period };
}

function invoiceLine(l: InvoiceListLine): InvoiceListLine {
  return {
    payment_request_no: l.payment_request_no, product_class: l.product_class,
    amount: l.amount, rate: l.rate, net: l.net, tax: l.tax, remark: l.remark,
  };
}

// `carried` is read back as the next period's brought-forward input (the cascade's own type),
// so it is written with exactly that type's keys.
function carriedItem(c: BroughtForward): BroughtForward {
  return c.kind === 'unpaid'
    ? { kind: c.kind, product_class: c.product_class, from_period: c.from_period, amount: c.amount }
    : { kind: c.kind, from_period: c.from_period, amount: c.amount };
}

/**
 * settlement.json (DOMAIN §6): the contract's fixed fields first (period, revision, seller_id,
 * currency, status, products, totals; the fixed fields of each product line and of totals
 * leading), then the extras in the type's declaration order. Deterministic bytes.
 */
export function renderSettlementJson(s: SettlementStatement, options?: StatementJsonOptions): string {
  const document: SettlementStatement = {
    period: s.period,
    revision: s.revision,
    seller_id: s.seller_id,
    currency: s.currency,
    status: s.status,
    products: s.products.map(product),
    totals: totals(s.totals),
    statement_id: s.statement_id,
    seller_name: s.seller_name,
    refunds: s.refunds.map(refund),
    five_day_netting: s.five_day_netting.map(fiveDay),
    // A document stored before corrections existed has none.
    corrections: (s.corrections ?? []).map(correction),
    cascade: s.cascade.map(cascadeLine),
    deposit: deposit(s.deposit),
    valid_orders: s.valid_orders,
    invoice_list: { required: s.invoice_list.required, lines: s.invoice_list.lines.map(invoiceLine) },
    carried: s.carried.map(carriedItem),
    receivable: receivable(s.receivable),
  };
  return renderJson(documentWithLineage(document, 'settlement', options));
}
