import type { Database } from '../../adapters/store/openDatabase';
import {
  closedStatementsOf, getRun, latestClosedStatementsBefore, loadStatements, saveStatements, type ClosedStatement,
} from '../../adapters/store/closeStore';
import { readBookedFeeRecords } from '../../adapters/store/bookedRecords';
import { readMarketplaceRecords } from '../../adapters/store/marketplaceStore';
import type { PeriodView } from '../../adapters/store/periodView';
import { viewOfRun } from './runView';
import { parkPartners, unparkPartner, type ParkedPartner } from '../../adapters/store/parkedPartners';
import { ordersByTradeId } from '../../adapters/store/reconcileQueries';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { ExactSum, signOfDecimal } from '../../domain/money/exactDecimal';
import { paidOf } from '../../domain/records/identities';
import { merchantShareRatio, ShareRatioError } from '../../domain/marketplace/shareRatio';
import {
  DEFAULT_MERCHANT_INVOICE_RATE, SettlementDataError, earlierRatioKey, settleMerchant, type OriginalOrder, type SettlementOpening,
} from '../../domain/marketplace/settleMerchant';
import type { SettlementStatement } from '../../domain/marketplace/settlementStatement';
import type { FeeRecord } from '../../domain/records/types';
import type { MarketplaceProduct, MerchantPayment, ReferenceData } from '../../domain/reference/types';
import type { ReckonConfig } from '../config';

export interface ComputeSettlementsResult {
  merchants: { sellerId: string; statements: { currency: string; payable: string }[] }[];
  /** Merchants whose settlement could not be computed (data error), stored as parked. */
  parked: ParkedPartner[];
  records: number;
}

/** A merchant's records of the period and its prior-period corrections (late records), per currency. */
interface MerchantWork {
  sellerId: string;
  byCurrency: Map<string, FeeRecord[]>;
  correctionsByCurrency: Map<string, FeeRecord[]>;
}

/**
 * Settles every merchant of the run's period (DOMAIN §5.2) and stores the settlements with the
 * run: merchants with marketplace records in the period, and merchants whose last settlement
 * carried something forward (a pending deduction must reach the deposit, an unpaid balance
 * the threshold, even in a month without sales).
 *
 * Brought-forward items and the deposit come from the merchant's latest closed settlement
 * before the period; the first settlement takes its deposit from merchant-deposits.csv.
 * A refund's original order is looked up in every period; an order of an earlier period is
 * reversed with the ratio its product was settled with then (the closed settlement), or, when
 * that period has no closed settlement, with the ratio recomputed from that period's records.
 *
 * Late marketplace records of closed earlier periods that the run books (DOMAIN §3) are the
 * merchants' prior-period corrections: a late sale at the ratio its product had in its original
 * period (the in-force closed settlement's, else recomputed), a late refund at its original
 * order's ratio; a merchant with only late records still gets a statement.
 *
 * A merchant whose settlement cannot be computed (a SettlementDataError or ShareRatioError: product
 * missing or listed under another seller, an earlier order's ratio unknown, a positive refund, a
 * ratio outside [0, 1]) is parked; the others are stored. With `onlyMissing` (a
 * retry of a parked run) merchants that already have their settlement in the run are left alone.
 */
export async function computeSettlements(
  db: Database,
  config: ReckonConfig,
  runId: number,
  options: { onlyMissing?: boolean } = {},
): Promise<ComputeSettlementsResult> {
  const run = await getRun(db, runId);
  if (run.state === 'completed') return { merchants: [], parked: [], records: 0 };
  const view = viewOfRun(run);
  const reference = await loadReferenceData(db, run.watermark);
  const products = new Map(reference.marketplaceProducts.map((p) => [p.productId, p]));
  const records = await readMarketplaceRecords(db, view);
  const late = (await readBookedFeeRecords(db, runId)).filter((r) => r.providerType === MARKETPLACE && r.billCycle < run.period);
  const openings = new Map((await latestClosedStatementsBefore<SettlementStatement>(db, 'settlement', run.period, run.asOf)).map((s) => [subjectKey(s.subjectId, s.currency), s]));
  const payments = reference.merchantPayments.filter((p) => p.period === run.period);
  const work = merchantsToSettle(records, late, openings, payments);
  if (options.onlyMissing) {
    const done = new Set((await loadStatements(db, runId, 'settlement')).map((s) => s.subjectId));
    for (const sellerId of [...work.keys()]) if (done.has(sellerId)) work.delete(sellerId);
  }
  const originalOrders = await findOriginalOrders(db, view, [...records, ...late]);
  const ratios = await otherPeriodRatios(db, view, [...originalOrders.values(), ...lateRatioNeeds(late, originalOrders)], products, reference, config);

  const result: ComputeSettlementsResult = { merchants: [], parked: [], records: records.length };
  for (const merchant of [...work.values()].sort((a, b) => (a.sellerId < b.sellerId ? -1 : 1))) {
    try {
      const statements: SettlementStatement[] = [];
      // Saved primary first (CNY when present), which names the files (settlement.json vs settlement.<CUR>.json).
      const currencies = [...merchant.byCurrency.keys()].sort((a, b) => (a === 'CNY' ? -1 : b === 'CNY' ? 1 : a < b ? -1 : 1));
      for (const currency of currencies) {
        statements.push(settleMerchant({
          period: run.period,
          revision: run.revision,
          sellerId: merchant.sellerId,
          sellerName: sellerNameOf(reference, merchant.sellerId),
          currency,
          records: merchant.byCurrency.get(currency)!,
          corrections: merchant.correctionsByCurrency.get(currency) ?? [],
          products,
          tiers: reference.shareTiers,
          originalOrders,
          otherPeriodRatios: ratios,
          opening: openingOf(merchant.sellerId, currency, openings, reference),
          invoiceRate: invoiceRateOf(reference, merchant.sellerId),
          payments: payments.filter((p) => p.sellerId === merchant.sellerId && p.currency === currency),
          paymentThreshold: reference.paymentThresholds.find((t) => t.currency === currency)?.threshold,
          rounding: config.rounding,
        }));
      }
      await saveStatements(db, runId, run.period, run.revision, 'settlement', merchant.sellerId, statements.map((s) => ({
        kind: 'settlement', subjectId: s.seller_id, currency: s.currency, totals: { ...s.totals }, document: s,
      })));
      await unparkPartner(db, runId, merchant.sellerId, 'merchant');
      result.merchants.push({ sellerId: merchant.sellerId, statements: statements.map((s) => ({ currency: s.currency, payable: s.totals.payable })) });
    } catch (err) {
      if (!(err instanceof SettlementDataError || err instanceof ShareRatioError)) throw err;
      result.parked.push({ partnerId: merchant.sellerId, kind: 'merchant', code: err.code, message: err.message });
    }
  }
  await parkPartners(db, runId, result.parked);
  return result;
}

function subjectKey(sellerId: string, currency: string): string {
  return `${sellerId}\u0000${currency}`;
}

const MARKETPLACE = 2;

function merchantsToSettle(
  records: readonly FeeRecord[], late: readonly FeeRecord[], openings: ReadonlyMap<string, ClosedStatement<SettlementStatement>>,
  payments: readonly MerchantPayment[],
): Map<string, MerchantWork> {
  const work = new Map<string, MerchantWork>();
  const currencyOf = (sellerId: string, currency: string): FeeRecord[] => {
    const merchant = work.get(sellerId) ?? { sellerId, byCurrency: new Map<string, FeeRecord[]>(), correctionsByCurrency: new Map<string, FeeRecord[]>() };
    work.set(sellerId, merchant);
    const list = merchant.byCurrency.get(currency) ?? [];
    merchant.byCurrency.set(currency, list);
    return list;
  };
  for (const r of records) currencyOf(r.sellerId, r.currency).push(r);
  for (const r of late) {
    currencyOf(r.sellerId, r.currency);
    const corrections = work.get(r.sellerId)!.correctionsByCurrency;
    corrections.set(r.currency, [...(corrections.get(r.currency) ?? []), r]);
  }
  // A merchant with something carried, or a payback receivable still open, is settled every
  // period until it is cleared (docs/settlements.md "Receivables"), records or not.
  for (const s of openings.values()) {
    if (s.document.carried.length > 0 || signOfDecimal(s.document.totals.receivable_carried_forward ?? '0') !== 0) currencyOf(s.subjectId, s.currency);
  }
  for (const p of payments) currencyOf(p.sellerId, p.currency);
  return work;
}

function openingOf(sellerId: string, currency: string, openings: ReadonlyMap<string, ClosedStatement<SettlementStatement>>, reference: ReferenceData): SettlementOpening {
  const previous = openings.get(subjectKey(sellerId, currency));
  if (previous !== undefined) {
    return {
      broughtForward: previous.document.carried,
      deposit: { opening: previous.document.deposit.remaining, source: 'previous_settlement', source_period: previous.period },
      receivable: previous.document.totals.receivable_carried_forward ?? '0',
    };
  }
  const deposit = reference.merchantDeposits.find((d) => d.sellerId === sellerId && d.currency === currency);
  return {
    broughtForward: [],
    deposit: deposit
      ? { opening: deposit.depositBalance, source: 'merchant_deposits', source_period: null }
      : { opening: '0', source: 'none', source_period: null },
  };
}

/** The merchant's invoice rate from partners.csv when it is listed with one, else 6 %. */
function invoiceRateOf(reference: ReferenceData, sellerId: string): string {
  const rate = reference.partners.find((p) => p.partnerId === sellerId)?.invoiceTaxRate;
  return rate ? rate : DEFAULT_MERCHANT_INVOICE_RATE;
}

/** Original marketplace orders of the refunds, in any period: the earliest bill_cycle an order appears in, and its product. */
async function findOriginalOrders(db: Database, view: PeriodView, records: readonly FeeRecord[]): Promise<Map<string, OriginalOrder>> {
  const tradeIds = [...new Set(records.filter((r) => r.kind === 'refund' && r.originalTradeId !== '').map((r) => r.originalTradeId))].sort();
  const orders = new Map<string, OriginalOrder>();
  for (const o of await ordersByTradeId(db, view, tradeIds)) {
    if (o.providerType !== 2) continue;
    const seen = orders.get(o.tradeId);
    if (seen === undefined || o.billCycle < seen.period) orders.set(o.tradeId, { period: o.billCycle, productId: o.productId });
  }
  return orders;
}

/**
 * The (period, product) ratios the late records need besides their refunds' original orders: a
 * late sale's product in its original period, and the refunded product in the refund's original
 * period when its order is unknown.
 */
function lateRatioNeeds(late: readonly FeeRecord[], orders: ReadonlyMap<string, OriginalOrder>): OriginalOrder[] {
  return late
    .filter((r) => r.kind === 'consumption' || !orders.has(r.originalTradeId))
    .map((r) => ({ period: r.billCycle, productId: r.productId }));
}

/**
 * Ratio of each (period, product) of an order from another period: the ratio the closed
 * settlement of that period applied, else recomputed from that period's records with the
 * current reference data (that period was never settled here).
 */
async function otherPeriodRatios(
  db: Database, view: PeriodView, orders: readonly OriginalOrder[], products: ReadonlyMap<string, MarketplaceProduct>,
  reference: ReferenceData, config: ReckonConfig,
): Promise<Map<string, string>> {
  const { period } = view;
  const wanted = new Map<string, OriginalOrder>();
  for (const o of orders) if (o.period !== period) wanted.set(earlierRatioKey(o.period, o.productId), o);
  const ratios = new Map<string, string>();
  if (wanted.size === 0) return ratios;
  const periods = [...new Set([...wanted.values()].map((o) => o.period))].sort();
  const sellers = [...new Set([...wanted.values()].map((o) => products.get(o.productId)?.sellerId ?? ''))].filter((s) => s !== '').sort();
  for (const s of await closedStatementsOf<SettlementStatement>(db, 'settlement', periods, sellers, view.asOf)) {
    for (const line of s.document.products) ratios.set(earlierRatioKey(s.period, line.product_id), line.merchant_ratio);
  }
  for (const p of periods) {
    const missing = [...wanted.entries()].filter(([key, o]) => o.period === p && !ratios.has(key));
    if (missing.length === 0) continue;
    const paid = new Map<string, ExactSum>();
    for (const r of await readMarketplaceRecords(db, { ...view, period: p })) {
      if (r.kind !== 'consumption') continue;
      paid.set(r.productId, (paid.get(r.productId) ?? new ExactSum()).add(paidOf(r.amounts)));
    }
    for (const [key, o] of missing) {
      const product = products.get(o.productId);
      // Left unresolved, an unknown product or a bad ratio parks the refund's merchant in settleMerchant.
      if (product === undefined) continue;
      try {
        ratios.set(key, merchantShareRatio(product, paid.get(o.productId)?.value() ?? '0', reference.shareTiers, config.rounding).ratio);
      } catch (err) {
        if (!(err instanceof ShareRatioError)) throw err;
      }
    }
  }
  return ratios;
}

/**
 * A merchant's name: its partners.csv row when the seller is also listed there, else the first
 * seller_name its marketplace-products.csv rows give (in product order), else ''.
 */
function sellerNameOf(reference: ReferenceData, sellerId: string): string {
  const listed = reference.partners.find((p) => p.partnerId === sellerId)?.name;
  if (listed) return listed;
  const products = reference.marketplaceProducts.filter((p) => p.sellerId === sellerId && p.sellerName);
  products.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  return products[0]?.sellerName ?? '';
}
