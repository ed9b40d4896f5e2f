import { ExactSum, negateDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { paidOf } from '../records/identities';
import { DEFAULT_ROUNDING, roundAmount, splitTax, type RoundingPolicy } from '../money/rounding';
import type { FeeRecord } from '../records/types';
import type { MerchantPayment } from '../reference/types';
import { ValidOrderCounter } from '../bills/validOrderCounter';
import { toScaled } from '../money/exactDecimal';
import { runDeductionCascade, type BroughtForward } from './deductionCascade';
import { merchantShareRatio, PRODUCT_CLASSES, type MarketplaceProduct, type ProductClass, type ShareTier } from './shareRatio';
import { requiresMerchantInvoice } from './settlementWorkflow';
import {
  paymentRequestNo, settlementStatementId, type FiveDayNettingLine, type InvoiceListLine, type SettlementCorrectionLine, type SettlementDeposit,
  type SettlementProductLine, type SettlementReceivable, type SettlementRefundLine, type SettlementStatement,
} from './settlementStatement';
import { reverseRefund, splitPaid, splitProductSales, sumSplits } from './splitProduct';
import { compareText } from '../text/compareText';

/** Merchant invoice rate when the merchant's partner row gives none: 6 % for periodic software goods (DOMAIN §5.2). */
export const DEFAULT_MERCHANT_INVOICE_RATE = '0.06';

/** Where an original order of a refund lives: its period (bill_cycle) and product. */
export interface OriginalOrder {
  period: string;
  productId: string;
}

/** What the merchant's previous settlement left: items brought forward and the deposit. */
export interface SettlementOpening {
  broughtForward: readonly BroughtForward[];
  deposit: Omit<SettlementDeposit, 'deducted' | 'remaining'>;
  /** Payback receivable still open before this period (exact, ≥ 0); '0' when none. */
  receivable?: string;
}

export interface MerchantSettlementInput {
  period: string;
  revision: number;
  sellerId: string;
  sellerName: string;
  currency: string;
  /** The merchant's marketplace records (provider_type 2) of the period in this currency: sales and refunds. */
  records: readonly FeeRecord[];
  products: ReadonlyMap<string, MarketplaceProduct>;
  tiers: readonly ShareTier[];
  /** Original orders of the refunds by trade id, found in any period; a refund whose order is absent is reversed at a fallback ratio. */
  originalOrders: ReadonlyMap<string, OriginalOrder>;
  /** Merchant ratio of a product in another period, keyed by earlierRatioKey(period, productId); the caller resolves every order of another period. */
  otherPeriodRatios: ReadonlyMap<string, string>;
  opening: SettlementOpening;
  /**
   * Late marketplace records of closed earlier periods (their bill_cycle kept) that this close
   * books for the merchant in this currency, as prior-period corrections (DOMAIN §3). A sale's
   * ratio is otherPeriodRatios(bill_cycle, product); a refund's is its original order's, as for
   * the period's refunds (an unknown order: otherPeriodRatios(bill_cycle, refunded product)).
   */
  corrections?: readonly FeeRecord[];
  /** Rate of the merchant's invoices to the platform (exact decimal). */
  invoiceRate: string;
  /** The payment threshold in this currency (payment-thresholds.csv); DOMAIN §5.2's 1 000 when absent. */
  paymentThreshold?: string;
  /** merchant-payments.csv rows of this merchant booked in this period and currency. */
  payments?: readonly MerchantPayment[];
  rounding?: RoundingPolicy;
}

export function earlierRatioKey(period: string, productId: string): string {
  return `${period} ${productId}`;
}

/**
 * A merchant's records cannot be settled: a product missing from marketplace-products.csv, a
 * product listed under another seller, or an earlier order whose ratio cannot be determined.
 * (A share ratio outside [0, 1] is a ShareRatioError, parked the same way.) The merchant is parked
 * (its settlement is not issued, the period stays closing) until the reference data is fixed.
 */
export class SettlementDataError extends Error {
  override readonly name = 'SettlementDataError';

  constructor(readonly code: 'settlement.unknown_product' | 'settlement.product_seller' | 'settlement.order_ratio' | 'settlement.refund_amount', message: string) {
    super(message);
  }
}

/**
 * Settles one merchant × period × currency (DOMAIN §5.2):
 * 1. each product's sales of the period are summed exactly, its ratio for the month is picked
 *    (fee rate and share tier), and its paid amount is split by largest remainder;
 * 2. each refund record reverses with the ratio of its original order (an order of this period:
 *    this month's product ratio; of another period: the caller's ratio for that period);
 * 3. five-day refunds of orders of this period are shown beside their orders, netting them;
 * 4. late records of closed earlier periods (prior-period corrections) are split at the ratio
 *    they had then, one line each, and brought into the cascade as items of their period;
 * 5. the net per product class enters the deduction cascade and payment threshold;
 * 6. every class paid where the merchant invoices the platform gets an invoice-list line.
 * The result is the settlement.json document; every split adds up to the cent.
 */
export function settleMerchant(input: MerchantSettlementInput): SettlementStatement {
  const policy = input.rounding ?? DEFAULT_ROUNDING;
  const sales = input.records.filter((r) => r.kind === 'consumption');
  const refunds = input.records.filter((r) => r.kind === 'refund');
  for (const r of input.records) productOf(input, r.productId, r.recordId);

  const paidByProduct = new Map<string, { paid: ExactSum; records: number }>();
  for (const r of sales) {
    const entry = paidByProduct.get(r.productId) ?? { paid: new ExactSum(), records: 0 };
    entry.paid.add(paidOf(r.amounts));
    entry.records += 1;
    paidByProduct.set(r.productId, entry);
  }
  const ratioThisMonth = new Map<string, ReturnType<typeof merchantShareRatio>>();
  const ratioOf = (productId: string) => {
    let ratio = ratioThisMonth.get(productId);
    if (ratio === undefined) {
      ratio = merchantShareRatio(productOf(input, productId, ''), paidByProduct.get(productId)?.paid.value() ?? '0', input.tiers, policy);
      ratioThisMonth.set(productId, ratio);
    }
    return ratio;
  };

  const products: SettlementProductLine[] = [...paidByProduct.keys()].sort().map((productId) => {
    const product = productOf(input, productId, '');
    const { paid, records } = paidByProduct.get(productId)!;
    const { ratio, tier } = ratioOf(productId);
    const split = splitProductSales(productId, paid.value(), ratio, policy);
    return {
      ...split,
      product_class: product.productClass,
      platform_fee_rate: product.platformFeeRate,
      merchant_ratio: ratio,
      tier: tier ? { min_monthly_paid: roundAmount(tier.minMonthlyPaid, policy), extra_merchant_share: tier.extraMerchantShare } : null,
      paid_exact: paid.value(),
      records,
    };
  });

  const refundLines = refunds
    .map((r) => reverseRefundRecord(input, r, ratioOf, policy))
    .sort((a, b) => compareText(a.record_id, b.record_id));
  const fiveDay = fiveDayNetting(input, sales, refundLines, policy);

  const netByClass: Partial<Record<ProductClass, string>> = {};
  const classNet = new Map<ProductClass, ExactSum>();
  const addNet = (c: ProductClass, amount: string) => classNet.set(c, (classNet.get(c) ?? new ExactSum()).add(amount));
  for (const p of products) addNet(p.product_class, p.merchant_share);
  for (const r of refundLines) addNet(r.product_class, r.merchant_share);
  for (const c of PRODUCT_CLASSES) if (classNet.has(c)) netByClass[c] = classNet.get(c)!.value();

  const corrections = (input.corrections ?? [])
    .map((r) => correctionLine(input, r, ratioOf, policy))
    .sort((a, b) => compareText(a.original_period, b.original_period) || compareText(a.record_id, b.record_id));

  const cascade = runDeductionCascade({
    period: input.period,
    netByClass,
    broughtForward: input.opening.broughtForward,
    corrections: correctionItems(corrections, policy),
    depositBalance: input.opening.deposit.opening,
    paymentThreshold: input.paymentThreshold,
  }, policy);
  const receivable = receivableOf(input.opening.receivable ?? '0', cascade.totals.payback_receivable, input.payments ?? [], policy);
  const splits = sumSplits(products, refundLines.map((r) => ({ paid: r.paid, merchant_share: r.merchant_share, platform_fee: r.platform_fee })), policy);
  const statementId = settlementStatementId(input.period, input.revision, input.currency, input.sellerId);
  const invoiceLines = invoiceList(input, cascade.lines, policy);

  return {
    period: input.period,
    revision: input.revision,
    seller_id: input.sellerId,
    currency: input.currency,
    status: 'billed',
    products: products.map(({ product_id, paid, merchant_share, platform_fee, ...rest }) => ({ product_id, paid, merchant_share, platform_fee, ...rest })),
    totals: {
      gross: splits.gross,
      merchant_share: splits.merchant_share,
      platform_fee: splits.platform_fee,
      refunds: splits.refunds,
      refunds_reversed: splits.refunds_reversed,
      net: cascade.totals.net,
      brought_forward: cascade.totals.brought_forward,
      deducted_from_deposit: cascade.totals.deducted_from_deposit,
      payback_receivable: cascade.totals.payback_receivable,
      payable: cascade.totals.payable,
      carried_forward: cascade.totals.carried_forward,
      refunds_platform_fee: splits.refunds_platform_fee,
      corrections: roundAmount(corrections.reduce((acc, c) => acc.add(c.merchant_part), new ExactSum()).value(), policy),
      receivable_brought_forward: receivable.brought_forward,
      receivable_carried_forward: receivable.carried_forward,
    },
    statement_id: statementId,
    seller_name: input.sellerName,
    refunds: refundLines,
    five_day_netting: fiveDay,
    corrections,
    cascade: cascade.lines,
    deposit: {
      ...input.opening.deposit,
      opening: roundAmount(input.opening.deposit.opening, policy),
      deducted: cascade.totals.deducted_from_deposit,
      remaining: cascade.deposit_remaining,
    },
    valid_orders: countValidOrders(input.records),
    invoice_list: { required: invoiceLines.length > 0, lines: invoiceLines },
    carried: cascade.carried,
    receivable,
  };
}

/**
 * The payback receivable's movements (docs/settlements.md "Receivables"): what was open, plus
 * this period's payback, less what the merchant paid back; a payment beyond what is owed is
 * `overpaid` (reported, not carried as a credit). Every figure at 2 decimals.
 */
export function receivableOf(openingExact: string, payback: string, payments: readonly MerchantPayment[], policy: RoundingPolicy): SettlementReceivable {
  const sorted = [...payments].sort((a, b) => compareText(a.paymentId, b.paymentId));
  const owed = new ExactSum().add(roundAmount(openingExact, policy)).add(payback).value();
  const paid = sorted.reduce((acc, p) => acc.add(p.amount), new ExactSum()).value();
  const open = subtractDecimal(owed, paid);
  const overpaid = signOfDecimal(open) < 0 ? negateDecimal(open) : '0';
  return {
    brought_forward: roundAmount(openingExact, policy),
    new: roundAmount(payback, policy),
    payments: sorted.map((p) => ({ payment_id: p.paymentId, amount: roundAmount(p.amount, policy) })),
    overpaid: roundAmount(overpaid, policy),
    carried_forward: roundAmount(signOfDecimal(open) < 0 ? '0' : open, policy),
  };
}

function productOf(input: MerchantSettlementInput, productId: string, recordId: string): MarketplaceProduct {
  const product = input.products.get(productId);
  const where = recordId === '' ? '' : ` (record ${recordId})`;
  if (product === undefined) {
    throw new SettlementDataError('settlement.unknown_product',
      `merchant ${input.sellerId}: product ${productId}${where} is not in marketplace-products.csv, so its fee rate and class are unknown`);
  }
  if (product.sellerId !== input.sellerId) {
    throw new SettlementDataError('settlement.product_seller',
      `merchant ${input.sellerId}: product ${productId}${where} belongs to seller ${product.sellerId} in marketplace-products.csv`);
  }
  return product;
}

function reverseRefundRecord(
  input: MerchantSettlementInput,
  r: FeeRecord,
  ratioOf: (productId: string) => { ratio: string },
  policy: RoundingPolicy,
): SettlementRefundLine {
  const order = input.originalOrders.get(r.originalTradeId);
  let ratio: string;
  if (order === undefined) ratio = ratioOf(r.productId).ratio;
  else if (order.period === input.period) ratio = ratioOf(order.productId).ratio;
  else {
    const earlier = input.otherPeriodRatios.get(earlierRatioKey(order.period, order.productId));
    if (earlier === undefined) {
      throw new SettlementDataError('settlement.order_ratio',
        `merchant ${input.sellerId}: refund ${r.recordId} reverses order ${r.originalTradeId} of ${order.period}, product ${order.productId}, whose share ratio cannot be determined (product unknown or its ratio invalid)`);
    }
    ratio = earlier;
  }
  const paid = paidOf(r.amounts);
  if (signOfDecimal(paid) > 0) {
    throw new SettlementDataError('settlement.refund_amount',
      `merchant ${input.sellerId}: refund ${r.recordId} has a positive paid amount ${paid} (payable ${r.amounts.payable} − coupon ${r.amounts.coupon}); a refund cannot add money`);
  }
  const split = reverseRefund(paid, ratio, policy);
  return {
    record_id: r.recordId,
    original_trade_id: r.originalTradeId,
    original_period: order?.period ?? '',
    product_id: r.productId,
    product_class: productOf(input, r.productId, r.recordId).productClass,
    refund_reason: r.refundReason,
    merchant_ratio: ratio,
    ratio_source: order === undefined ? 'unknown_order' : 'order',
    paid: split.paid,
    merchant_share: split.merchant_share,
    platform_fee: split.platform_fee,
    five_day_netted: r.refundReason === 'five_day' && order?.period === input.period,
  };
}

/**
 * One late record of a closed earlier period as a prior-period correction line: its paid amount
 * rounded once and split (largest remainder, as every split) at the ratio it had then. A sale:
 * its product's ratio of its original period. A refund: its original order's ratio (this
 * statement's for an order of this period); an unknown order: the refunded product's ratio of
 * the refund's original period, marked `unknown_order`.
 */
function correctionLine(
  input: MerchantSettlementInput,
  r: FeeRecord,
  ratioOf: (productId: string) => { ratio: string },
  policy: RoundingPolicy,
): SettlementCorrectionLine {
  const product = productOf(input, r.productId, r.recordId);
  const order = r.kind === 'refund' ? input.originalOrders.get(r.originalTradeId) : undefined;
  const ratioPeriod = order?.period ?? r.billCycle;
  const ratioProduct = order?.productId ?? r.productId;
  let ratio: string | undefined;
  if (ratioPeriod === input.period) ratio = ratioOf(ratioProduct).ratio;
  else ratio = input.otherPeriodRatios.get(earlierRatioKey(ratioPeriod, ratioProduct));
  if (ratio === undefined) {
    throw new SettlementDataError('settlement.order_ratio',
      `merchant ${input.sellerId}: late ${r.kind === 'refund' ? 'refund' : 'sale'} ${r.recordId} of ${r.billCycle} needs the share ratio of product ${ratioProduct} in ${ratioPeriod}, which cannot be determined (product unknown or its ratio invalid)`);
  }
  const paid = paidOf(r.amounts);
  if (r.kind === 'refund' && signOfDecimal(paid) > 0) {
    throw new SettlementDataError('settlement.refund_amount',
      `merchant ${input.sellerId}: late refund ${r.recordId} of ${r.billCycle} has a positive paid amount ${paid} (payable ${r.amounts.payable} − coupon ${r.amounts.coupon}); a refund cannot add money`);
  }
  const split = r.kind === 'refund' ? reverseRefund(paid, ratio, policy) : splitPaid(paid, ratio, policy);
  return {
    original_period: r.billCycle,
    record_id: r.recordId,
    kind: r.kind === 'refund' ? 'refund' : 'sale',
    trade_id: r.kind === 'refund' ? r.originalTradeId : r.tradeId,
    product_id: r.productId,
    product_class: product.productClass,
    paid: split.paid,
    merchant_ratio: ratio,
    merchant_part: split.merchant_share,
    platform_part: split.platform_fee,
    ratio_source: r.kind === 'refund' && order === undefined ? 'unknown_order' : 'order',
    ratio_period: ratioPeriod,
  };
}

/**
 * The corrections as brought-forward items of the cascade, one per original period and class for
 * sales (a balance owed to the merchant in that class) and one per original period for refunds (a
 * merchant-wide deduction, like every refund left unabsorbed). A group whose merchant parts add up
 * to a negative amount is a deduction, to a positive one a balance; a zero group has no item.
 */
function correctionItems(lines: readonly SettlementCorrectionLine[], policy: RoundingPolicy): BroughtForward[] {
  const groups = new Map<string, { period: string; productClass: ProductClass | null; sum: ExactSum }>();
  for (const l of lines) {
    const productClass = l.kind === 'sale' ? l.product_class : null;
    const key = `${l.original_period} ${l.kind} ${productClass ?? ''}`;
    const g = groups.get(key) ?? { period: l.original_period, productClass, sum: new ExactSum() };
    g.sum.add(l.merchant_part);
    groups.set(key, g);
  }
  const items: BroughtForward[] = [];
  for (const key of [...groups.keys()].sort(compareText)) {
    const g = groups.get(key)!;
    const amount = roundAmount(g.sum.value(), policy);
    const sign = signOfDecimal(amount);
    if (sign < 0) items.push({ kind: 'deduction', from_period: g.period, amount });
    else if (sign > 0) {
      // A balance always has its class: refunds (no class) only ever sum to ≤ 0.
      items.push({ kind: 'unpaid', product_class: g.productClass!, from_period: g.period, amount });
    }
  }
  return items;
}

/**
 * Five-day refunds of orders of this period, per order: the order's own split at the month's
 * ratio and the refunds' reversals. A whole-order refund mirrors the order's split exactly, so
 * the pair nets to 0.00 in every figure.
 */
function fiveDayNetting(input: MerchantSettlementInput, sales: readonly FeeRecord[], refunds: readonly SettlementRefundLine[], policy: RoundingPolicy): FiveDayNettingLine[] {
  const byOrder = new Map<string, SettlementRefundLine[]>();
  for (const r of refunds) if (r.five_day_netted) byOrder.set(r.original_trade_id, [...(byOrder.get(r.original_trade_id) ?? []), r]);
  return [...byOrder.keys()].sort(compareText).map((tradeId) => {
    const lines = byOrder.get(tradeId)!;
    const orderRecords = sales.filter((s) => s.tradeId === tradeId).sort((a, b) => compareText(a.recordId, b.recordId));
    const orderPaid = new ExactSum();
    for (const s of orderRecords) orderPaid.add(paidOf(s.amounts));
    const order = splitPaid(orderPaid.value(), lines[0]!.merchant_ratio, policy);
    const sum = (pick: (l: SettlementRefundLine) => string) => lines.reduce((acc, l) => acc.add(pick(l)), new ExactSum()).value();
    const refundPaid = sum((l) => l.paid);
    const refundShare = sum((l) => l.merchant_share);
    return {
      trade_id: tradeId,
      product_id: input.originalOrders.get(tradeId)?.productId ?? lines[0]!.product_id,
      order_record_ids: orderRecords.map((s) => s.recordId),
      order_paid: order.paid,
      order_merchant_share: order.merchant_share,
      order_platform_fee: order.platform_fee,
      refund_record_ids: lines.map((l) => l.record_id),
      refund_paid: roundAmount(refundPaid, policy),
      refund_merchant_share: roundAmount(refundShare, policy),
      refund_platform_fee: roundAmount(sum((l) => l.platform_fee), policy),
      net_paid: roundAmount(new ExactSum().add(order.paid).add(refundPaid).value(), policy),
      net_merchant_share: roundAmount(new ExactSum().add(order.merchant_share).add(refundShare).value(), policy),
    };
  });
}

/** One payment request per class paid this period where the merchant invoices the platform (联营, 自营, 严选). */
function invoiceList(input: MerchantSettlementInput, lines: ReturnType<typeof runDeductionCascade>['lines'], policy: RoundingPolicy): InvoiceListLine[] {
  return lines
    .filter((l) => l.step === 'payable' && l.product_class !== null && requiresMerchantInvoice(l.product_class) && signOfDecimal(l.amount) > 0)
    .map((l) => {
      const requestNo = paymentRequestNo(input.period, input.currency, input.sellerId, l.product_class!);
      const tax = splitTax(l.amount, input.invoiceRate, policy);
      return {
        payment_request_no: requestNo,
        product_class: l.product_class!,
        amount: l.amount,
        rate: input.invoiceRate,
        net: tax.net,
        tax: tax.tax,
        remark: `付款申请号 ${requestNo}；对账期 ${input.period}`,
      };
    });
}

function countValidOrders(records: readonly FeeRecord[]): number {
  const counter = new ValidOrderCounter();
  for (const r of records) counter.add(r, toScaled(r.amounts.payable), toScaled(r.amounts.coupon));
  return counter.count();
}
