import { ExactSum, subtractScaled, type Scaled } from '../money/exactDecimal';
import { ORDER_BILL_TYPES, type FeeRecord } from '../records/types';

const ON_DEMAND = 3;
/** Refund reasons that undo an order (DOMAIN §4.2): 退订 and 5天无理由 (退订). */
const UNSUBSCRIBING: ReadonlySet<string> = new Set(['unsubscribe', 'five_day']);

/**
 * Counts valid orders (有效订单, DOMAIN §5.4) of a statement while records stream by:
 * - an on-demand consumption record (charging_mode 3) with paid ≥ 0 counts once per record
 *   (its trade_id is a transaction id, so each record is its own "order");
 * - an order (bill types 1, 2, 3, 8, not on-demand) counts once per trade_id when the Σ paid of
 *   its consumption records in the period is > 0 and no refund of the period unsubscribed it:
 *   reason `unsubscribe` (退订) or `five_day` (5天无理由退订, a no-reason unsubscription within
 *   five days — the order is undone, so it is no valid order).
 * paid = payable − coupon. Never records are kept, only order ids and their paid amounts:
 * - given a SortedStrings (a statement of a large month: the app spills them to disk), one
 *   string per order record, summed per order from the sorted strings when counting, so memory
 *   does not grow with the number of orders;
 * - otherwise in a map, an order seen once (the usual case) as just a JS number (its paid amount
 *   in units of 10^-8 when that is exact).
 */
export class ValidOrderCounter {
  private onDemandValid = 0;
  private readonly paidByOrder = new Map<string, number | ExactSum>();
  private readonly unsubscribed = new Set<string>();
  private counted: number | undefined;

  constructor(private readonly spill?: SortedStrings) {}

  /** `payable` and `coupon` are the record's amounts, already parsed by the caller. */
  add(record: FeeRecord, payable: Scaled, coupon: Scaled): void {
    if (record.kind === 'refund') {
      if (UNSUBSCRIBING.has(record.refundReason) && record.originalTradeId !== '') this.unsubscribed.add(record.originalTradeId);
      return;
    }
    const paid = subtractScaled(payable, coupon);
    if (record.chargingMode === ON_DEMAND) {
      if (paid.units >= 0n) this.onDemandValid += 1;
      return;
    }
    if (!ORDER_BILL_TYPES.has(record.billType)) return;
    if (this.spill !== undefined) {
      // order id ␀ units ␀ scale: the ids sort apart (␀ sorts first), so an order's strings come out together.
      this.spill.add(`${record.tradeId}${SEP}${paid.units}${SEP}${paid.scale}`);
      return;
    }
    const seen = this.paidByOrder.get(record.tradeId);
    if (seen === undefined) this.paidByOrder.set(record.tradeId, compactUnits(paid) ?? new ExactSum().addScaled(paid));
    else if (seen instanceof ExactSum) seen.addScaled(paid);
    else this.paidByOrder.set(record.tradeId, new ExactSum().addScaled({ units: BigInt(seen), scale: COMPACT_SCALE }).addScaled(paid));
  }

  count(): number {
    this.counted ??= this.spill === undefined ? this.countHeld() : this.countSpilled(this.spill);
    return this.counted;
  }

  private countSpilled(spill: SortedStrings): number {
    let orders = 0;
    let order: string | undefined;
    let paid = new ExactSum();
    const close = () => {
      if (order !== undefined && !this.unsubscribed.has(order) && paid.sign() > 0) orders += 1;
    };
    for (const row of spill.sorted()) {
      const units = row.indexOf(SEP);
      const scale = row.indexOf(SEP, units + 1);
      const id = row.slice(0, units);
      if (id !== order) {
        close();
        order = id;
        paid = new ExactSum();
      }
      paid.addScaled({ units: BigInt(row.slice(units + 1, scale)), scale: Number(row.slice(scale + 1)) });
    }
    close();
    return this.onDemandValid + orders;
  }

  private countHeld(): number {
    let orders = 0;
    for (const [tradeId, paid] of this.paidByOrder) {
      const positive = paid instanceof ExactSum ? paid.sign() > 0 : paid > 0;
      if (!this.unsubscribed.has(tradeId) && positive) orders += 1;
    }
    return this.onDemandValid + orders;
  }
}

/** Strings set aside and given back in code-unit order: a spill to disk, or plain memory. */
export interface SortedStrings {
  add(text: string): void;
  /** Every string added, sorted; read once. */
  sorted(): Iterable<string>;
}

const SEP = '\u0000';
const COMPACT_SCALE = 8;

/** `value` as a count of 10^-8 when that is an exact JS integer (scale ≤ 8, |units| < 2^53), else undefined. */
function compactUnits(value: Scaled): number | undefined {
  if (value.scale > COMPACT_SCALE) return undefined;
  const units = Number(value.units) * 10 ** (COMPACT_SCALE - value.scale);
  return Number.isSafeInteger(units) ? units : undefined;
}
