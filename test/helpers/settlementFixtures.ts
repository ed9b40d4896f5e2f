import { beginRun, completeRun, saveStatements } from '../../src/adapters/store/closeStore';
import type { Database } from '../../src/adapters/store/openDatabase';
import { paymentRequestNo, settlementStatementId, type SettlementStatement } from '../../src/domain/marketplace/settlementStatement';
import { requiresMerchantInvoice } from '../../src/domain/marketplace/settlementWorkflow';
import type { ProductClass } from '../../src/domain/marketplace/shareRatio';

/**
 * Minimal but well-formed settlement statements (one product, no refunds, no brought forward,
 * 10 % platform fee, the 1 000 threshold, 6 % invoice rate), stored as a close stores them: a
 * run, its statements of kind `settlement` per seller, and the completed run closing the period.
 */
export interface SettlementSpec {
  sellerId: string;
  product_class: ProductClass;
  /** Paid of the period in cents. */
  paidCents: number;
  currency?: string;
  sellerName?: string;
}

const money = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function settlementDocument(period: string, revision: number, spec: SettlementSpec): SettlementStatement {
  const currency = spec.currency ?? 'CNY';
  const fee = Math.round(spec.paidCents / 10);
  const share = spec.paidCents - fee;
  const payable = share >= 100_000 ? share : 0;
  const carried = share - payable;
  const statementId = settlementStatementId(period, revision, currency, spec.sellerId);
  const invoiced = payable > 0 && requiresMerchantInvoice(spec.product_class);
  const requestNo = paymentRequestNo(period, currency, spec.sellerId, spec.product_class);
  const invoiceNet = Math.round(payable / 1.06);
  const zero = money(0);
  return {
    period, revision, seller_id: spec.sellerId, currency, status: 'billed',
    products: [{
      product_id: `PRD-${spec.sellerId}`, paid: money(spec.paidCents), merchant_share: money(share), platform_fee: money(fee),
      product_class: spec.product_class, platform_fee_rate: '0.1', merchant_ratio: '0.9', tier: null,
      paid_exact: money(spec.paidCents), records: 1,
    }],
    totals: {
      gross: money(spec.paidCents), merchant_share: money(share), platform_fee: money(fee), refunds: zero, refunds_reversed: zero,
      net: money(share), brought_forward: zero, deducted_from_deposit: zero, payback_receivable: zero,
      payable: money(payable), carried_forward: money(carried), refunds_platform_fee: zero, corrections: zero,
    },
    statement_id: statementId,
    seller_name: spec.sellerName ?? '',
    refunds: [],
    five_day_netting: [],
    corrections: [],
    cascade: [
      { step: 'period_net', product_class: spec.product_class, from_period: period, amount: money(share) },
      payable > 0
        ? { step: 'payable', product_class: spec.product_class, from_period: period, amount: money(payable) }
        : { step: 'unpaid_carried_forward', product_class: spec.product_class, from_period: period, amount: money(carried) },
    ],
    deposit: { opening: zero, deducted: zero, remaining: zero, source: 'none', source_period: null },
    valid_orders: 1,
    invoice_list: {
      required: invoiced,
      lines: invoiced ? [{
        payment_request_no: requestNo, product_class: spec.product_class, amount: money(payable), rate: '0.06',
        net: money(invoiceNet), tax: money(payable - invoiceNet), remark: `付款申请号 ${requestNo}；对账期 ${period}`,
      }] : [],
    },
    carried: carried > 0 ? [{ kind: 'unpaid', product_class: spec.product_class, from_period: period, amount: money(carried) }] : [],
  };
}

/** Stores the settlements of `period` under a run; closes the period unless `close` is false. Returns their statement ids. */
export async function storeSettlements(db: Database, period: string, specs: readonly SettlementSpec[], options: { close?: boolean; revision?: number } = {}): Promise<string[]> {
  const revision = options.revision ?? 1;
  const { run } = await beginRun(db, {
    period, scope: 'all', revision, inputFingerprint: 'f'.repeat(64), configHash: 'c'.repeat(64), startedAt: `${period}-28T04:00:00.000Z`,
  });
  const docs = specs.map((s) => settlementDocument(period, revision, s));
  for (const sellerId of [...new Set(docs.map((d) => d.seller_id))]) {
    const mine = docs.filter((d) => d.seller_id === sellerId);
    await saveStatements(db, run.id, period, revision, 'settlement', sellerId, mine.map((d) => ({
      kind: 'settlement', subjectId: sellerId, currency: d.currency, totals: { ...d.totals }, document: d,
    })));
  }
  if (options.close !== false) await completeRun(db, run.id, { statements: docs.length }, `${period}-28T04:05:00.000Z`);
  return docs.map((d) => d.statement_id);
}
