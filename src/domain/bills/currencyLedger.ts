import { ExactSum, toScaled } from '../money/exactDecimal';
import { isLaterName } from '../records/latestName';
import type { BillRecord } from '../records/types';
import { KeyedFigureSums } from './keyedFigureSums';
import { SmallTextSet } from './smallTextSet';
import { ValidOrderCounter, type SortedStrings } from './validOrderCounter';

export const CUSTOMER_FIGURES = ['consumption', 'refunds', 'adjustments'] as const;
export const FEE_FIGURES = ['consumption', 'refunds', 'amount'] as const;
export const RESELLER_FIGURES = ['consumption', 'refunds', 'adjustments', 'corrections', 'settlement'] as const;
export const REFERRAL_FIGURES = ['consumption', 'refunds'] as const;
export const CORRECTION_FIGURES = ['amount'] as const;

const CUSTOMER = KeyedFigureSums.positions(CUSTOMER_FIGURES);
const FEE = KeyedFigureSums.positions(FEE_FIGURES);
const RESELLER = KeyedFigureSums.positions(RESELLER_FIGURES);
const REFERRAL = KeyedFigureSums.positions(REFERRAL_FIGURES);
const CORRECTION = KeyedFigureSums.positions(CORRECTION_FIGURES);

/** Who a record came through: the bill's partner itself (`groupId` = its id) or one of its resellers. */
export interface RecordRoute {
  /** The reseller's id when via a reseller, undefined for the partner's own customers. */
  resellerId: string | undefined;
  /** Key of the resellers drill-down: the reseller's id, or the partner's own id. */
  groupId: string;
  accountManagerId: string;
}

/** Descriptive, order-independent facts about a customer (latest-dated name wins). */
export interface CustomerMeta {
  name: string;
  nameTimeMs: number;
  nameRecordId: string;
  resellers: SmallTextSet;
  managers: SmallTextSet;
}

function noteCustomer(metas: Map<string, CustomerMeta>, record: BillRecord, route: RecordRoute): void {
  let meta = metas.get(record.customerId);
  if (!meta) {
    meta = { name: '', nameTimeMs: Number.NEGATIVE_INFINITY, nameRecordId: '', resellers: new SmallTextSet(), managers: new SmallTextSet() };
    metas.set(record.customerId, meta);
  }
  if (route.resellerId !== undefined) meta.resellers.add(route.resellerId);
  if (route.accountManagerId !== '') meta.managers.add(route.accountManagerId);
  if (record.kind === 'adjustment' || record.customerName === '') return;
  if (isLaterName(meta, record.tradeTimeMs, record.recordId)) {
    meta.name = record.customerName;
    meta.nameTimeMs = record.tradeTimeMs;
    meta.nameRecordId = record.recordId;
  }
}

/**
 * Everything one partner bill needs for one currency, as exact running sums (DOMAIN §5.1).
 * Memory grows with the number of customers, keys and orders, never with records.
 */
export class CurrencyLedger {
  readonly consumption = new ExactSum();
  readonly refunds = new ExactSum();
  readonly adjustments = new ExactSum();
  readonly corrections = new ExactSum();
  readonly recordCoupons = new ExactSum();
  readonly customers = new KeyedFigureSums(CUSTOMER_FIGURES);
  readonly customerMeta = new Map<string, CustomerMeta>();
  /** Per customer, the instruments that are not invoiceable: vouchers (coupon) and bonus; only customers that used them. */
  readonly invoicing = new CustomerInstruments();
  readonly byServiceType = new KeyedFigureSums(FEE_FIGURES);
  readonly byRegion = new KeyedFigureSums(FEE_FIGURES);
  readonly byChargingMode = new KeyedFigureSums(FEE_FIGURES);
  readonly byBillType = new KeyedFigureSums(FEE_FIGURES);
  readonly resellers = new KeyedFigureSums(RESELLER_FIGURES);
  readonly resellerCustomers = new Map<string, Set<string>>();
  readonly referral = new KeyedFigureSums(REFERRAL_FIGURES);
  readonly referralMeta = new Map<string, CustomerMeta>();
  readonly correctionLines = new KeyedFigureSums(CORRECTION_FIGURES);
  readonly validOrders: ValidOrderCounter;
  readonly counts = { consumption: 0, refund: 0, adjustment: 0, correction: 0, referral: 0 };

  /** `orderSpill`: where the valid-order counter sets its per-order amounts aside (ValidOrderCounter). */
  constructor(orderSpill?: SortedStrings) {
    this.validOrders = new ValidOrderCounter(orderSpill);
  }

  /** A record of a customer in resale association: on the bill. */
  addResale(record: BillRecord, route: RecordRoute): void {
    noteCustomer(this.customerMeta, record, route);
    this.noteResellerCustomer(route.groupId, record.customerId);
    if (record.kind === 'adjustment') {
      const signed = toScaled(record.signedAmount);
      this.counts.adjustment += 1;
      this.adjustments.addScaled(signed);
      this.customers.addOne(record.customerId, CUSTOMER.adjustments, signed);
      this.resellers.addTwo(route.groupId, RESELLER.adjustments, signed, RESELLER.settlement, signed);
      return;
    }
    const payable = toScaled(record.amounts.payable);
    const coupon = toScaled(record.amounts.coupon);
    // The payable is consumption or refunds, and a fee drill-down's amount too.
    const consumption = record.kind === 'consumption';
    const fee = consumption ? FEE.consumption : FEE.refunds;
    if (consumption) {
      this.counts.consumption += 1;
      this.consumption.addScaled(payable);
    } else {
      this.counts.refund += 1;
      this.refunds.addScaled(payable);
    }
    this.recordCoupons.addScaled(coupon);
    this.customers.addOne(record.customerId, consumption ? CUSTOMER.consumption : CUSTOMER.refunds, payable);
    this.resellers.addTwo(route.groupId, consumption ? RESELLER.consumption : RESELLER.refunds, payable, RESELLER.settlement, payable);
    this.byServiceType.addTwo(record.serviceTypeCode, fee, payable, FEE.amount, payable);
    this.byRegion.addTwo(record.regionCode, fee, payable, FEE.amount, payable);
    this.byChargingMode.addTwo(String(record.chargingMode), fee, payable, FEE.amount, payable);
    this.byBillType.addTwo(String(record.billType), fee, payable, FEE.amount, payable);
    this.validOrders.add(record, payable, coupon);
    if (coupon.units !== 0n || record.amounts.bonus !== '0') this.invoicing.add(record.customerId, record.amounts.coupon, record.amounts.bonus);
  }

  /** A record of a customer in referral association: reported, not billed. */
  addReferral(record: BillRecord, route: RecordRoute): void {
    this.counts.referral += 1;
    noteCustomer(this.referralMeta, record, route);
    if (record.kind === 'adjustment') return;
    this.referral.addOne(record.customerId, record.kind === 'consumption' ? REFERRAL.consumption : REFERRAL.refunds, toScaled(record.amounts.payable));
  }

  /** A late record of a closed period, booked here as a prior-period correction. */
  addCorrection(record: BillRecord, originalPeriod: string, route: RecordRoute): void {
    this.counts.correction += 1;
    const amount = toScaled(record.kind === 'adjustment' ? record.signedAmount : record.amounts.payable);
    if (record.kind !== 'adjustment') this.recordCoupons.add(record.amounts.coupon);
    this.corrections.addScaled(amount);
    this.correctionLines.addOne(originalPeriod, CORRECTION.amount, amount);
    this.resellers.addTwo(route.groupId, RESELLER.corrections, amount, RESELLER.settlement, amount);
    this.noteResellerCustomer(route.groupId, record.customerId);
  }

  private noteResellerCustomer(groupId: string, customerId: string): void {
    let set = this.resellerCustomers.get(groupId);
    if (!set) {
      set = new Set();
      this.resellerCustomers.set(groupId, set);
    }
    set.add(customerId);
  }
}

/** Exact sums of vouchers and bonus per customer (customer invoicing, customerInvoices.ts). */
export class CustomerInstruments {
  private readonly rows = new Map<string, { vouchers: ExactSum; bonus: ExactSum }>();

  add(customerId: string, vouchers: string, bonus: string): void {
    let row = this.rows.get(customerId);
    if (row === undefined) {
      row = { vouchers: new ExactSum(), bonus: new ExactSum() };
      this.rows.set(customerId, row);
    }
    row.vouchers.add(vouchers);
    row.bonus.add(bonus);
  }

  get(customerId: string): { vouchers: string; bonus: string } | undefined {
    const row = this.rows.get(customerId);
    return row === undefined ? undefined : { vouchers: row.vouchers.value(), bonus: row.bonus.value() };
  }
}

