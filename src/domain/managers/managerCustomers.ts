import { ExactSum, toScaled } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, roundBreakdown, type RoundingPolicy } from '../money/rounding';
import type { BillRecord } from '../records/types';
import type { Association, AssociationType } from '../reference/types';
import { compareText } from '../text/compareText';

/** One customer's figures in one service (adjustments carry no service: their own line, service ''). */
export interface ManagerCustomerLine {
  currency: string;
  customer_id: string;
  customer_name: string;
  association_type: AssociationType;
  service_type_code: string;
  consumption: string;
  refunds: string;
  adjustments: string;
  records: number;
}

type Figure = 'consumption' | 'refunds' | 'adjustments';
const FIGURES: readonly Figure[] = ['consumption', 'refunds', 'adjustments'];

/** The rounding residual and total of one currency, per figure: Σ lines + residual = total. */
export interface ManagerCurrencyTotal {
  currency: string;
  customers: number;
  rounding_residual: Record<Figure, string>;
  total: Record<Figure, string>;
}

/** What one customer manager may see of a period: only their customers' consumption, refunds and adjustments. */
export interface ManagerView {
  period: string;
  revision: number;
  account_manager_id: string;
  lines: ManagerCustomerLine[];
  totals: ManagerCurrencyTotal[];
}

interface Entry {
  currency: string;
  customerId: string;
  associationType: AssociationType;
  service: string;
  sums: Record<Figure, ExactSum>;
  records: number;
}

const SEP = '\u0000';

/**
 * The customer-manager views of a period (DOMAIN §2: a customer manager sees only their own
 * customers' consumption, never partner bills, coupons or incentives). Each record counts for
 * the manager of the association that covers it (attributeRecord, as on the bills), per
 * customer and service; a record without a manager is on no view. Sums are exact; each line is
 * rounded once, with a residual line per currency and figure so that the lines add up.
 */
export class ManagerCustomerSums {
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Latest-dated customer name (ties: the larger record id), as the bills choose it. */
  private readonly names = new Map<string, { name: string; timeMs: number; recordId: string }>();

  add(record: BillRecord, association: Association): void {
    const manager = association.accountManagerId;
    if (manager === '') return;
    const service = record.kind === 'adjustment' ? '' : record.serviceTypeCode;
    const key = `${record.currency}${SEP}${record.customerId}${SEP}${association.associationType}${SEP}${service}`;
    let byKey = this.entries.get(manager);
    if (byKey === undefined) {
      byKey = new Map();
      this.entries.set(manager, byKey);
    }
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = {
        currency: record.currency, customerId: record.customerId, associationType: association.associationType, service,
        sums: { consumption: new ExactSum(), refunds: new ExactSum(), adjustments: new ExactSum() }, records: 0,
      };
      byKey.set(key, entry);
    }
    entry.records += 1;
    if (record.kind === 'adjustment') {
      entry.sums.adjustments.addScaled(toScaled(record.signedAmount));
      return;
    }
    entry.sums[record.kind === 'consumption' ? 'consumption' : 'refunds'].addScaled(toScaled(record.amounts.payable));
    if (record.customerName === '') return;
    const known = this.names.get(record.customerId);
    if (known === undefined || record.tradeTimeMs > known.timeMs || (record.tradeTimeMs === known.timeMs && record.recordId > known.recordId)) {
      this.names.set(record.customerId, { name: record.customerName, timeMs: record.tradeTimeMs, recordId: record.recordId });
    }
  }

  /** Every manager's view, managers in code-unit order; lines by currency, customer, association, service. */
  views(period: string, revision: number, policy: RoundingPolicy = DEFAULT_ROUNDING): ManagerView[] {
    return [...this.entries.keys()].sort(compareText).map((manager) => {
      const entries = [...this.entries.get(manager)!.values()].sort((a, b) =>
        compareText(a.currency, b.currency) || compareText(a.customerId, b.customerId)
        || compareText(a.associationType, b.associationType) || compareText(a.service, b.service));
      const lines: ManagerCustomerLine[] = [];
      const totals: ManagerCurrencyTotal[] = [];
      for (const currency of [...new Set(entries.map((e) => e.currency))]) {
        const group = entries.filter((e) => e.currency === currency);
        const rounded = Object.fromEntries(FIGURES.map((f) => [f, roundBreakdown(group.map((e) => e.sums[f].value()), policy)])) as Record<Figure, ReturnType<typeof roundBreakdown>>;
        group.forEach((e, i) => lines.push({
          currency, customer_id: e.customerId, customer_name: this.names.get(e.customerId)?.name ?? '', association_type: e.associationType,
          service_type_code: e.service, consumption: rounded.consumption.shown[i]!, refunds: rounded.refunds.shown[i]!,
          adjustments: rounded.adjustments.shown[i]!, records: e.records,
        }));
        totals.push({
          currency,
          customers: new Set(group.map((e) => e.customerId)).size,
          rounding_residual: { consumption: rounded.consumption.residual, refunds: rounded.refunds.residual, adjustments: rounded.adjustments.residual },
          total: { consumption: rounded.consumption.total, refunds: rounded.refunds.total, adjustments: rounded.adjustments.total },
        });
      }
      return { period, revision, account_manager_id: manager, lines, totals };
    });
  }
}
