import { ExactSum, toScaled } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, roundBreakdown, type RoundingPolicy } from '../money/rounding';
import { isLaterName, type NameSource } from '../records/latestName';
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

const SEP = '\u0000';

/** A line's sums so far: from one record, or from many (a partial flushed and merged again). */
interface Partial extends NameSource {
  currency: string;
  associationType: AssociationType;
  service: string;
  consumption: ExactSum | undefined;
  refunds: ExactSum | undefined;
  adjustments: ExactSum | undefined;
  records: number;
  /** The latest-dated customer name seen (isLaterName). */
  name: string;
}

/**
 * A line's partial sums as a sortable text (ids and names never hold NUL: ingest refuses it):
 * customer, currency, association type and service first, so that a manager's rows in
 * code-unit order come grouped per customer and line, then the exact sums, the record count
 * and the name candidate.
 */
function encodePartial(customerId: string, p: Partial): string {
  return [customerId, p.currency, p.associationType, p.service, p.consumption?.value() ?? '0', p.refunds?.value() ?? '0', p.adjustments?.value() ?? '0', String(p.records),
    String(p.nameTimeMs), p.nameRecordId, p.name].join(SEP);
}

/**
 * The customer-manager rows of a period, summed per manager and line (customer, currency,
 * association type, service) as records come: a record counts for the manager of the
 * association that covers it (attributeRecord, as on the bills); a record without a manager is
 * on no view. `size` lines are held; `drain` hands them all over as rows (encodePartial) and
 * starts again, so that a caller can spill them and keep memory bounded.
 */
export class ManagerPartials {
  /** Per manager, per customer, the customer's few lines (searched in a short list: no key string per record). */
  private readonly byManager = new Map<string, Map<string, Partial[]>>();
  private held = 0;

  get size(): number {
    return this.held;
  }

  add(record: BillRecord, association: Association): void {
    const manager = association.accountManagerId;
    if (manager === '') return;
    const service = record.kind === 'adjustment' ? '' : record.serviceTypeCode;
    const type = association.associationType;
    let customers = this.byManager.get(manager);
    if (customers === undefined) {
      customers = new Map();
      this.byManager.set(manager, customers);
    }
    let lines = customers.get(record.customerId);
    if (lines === undefined) {
      lines = [];
      customers.set(record.customerId, lines);
    }
    let p = lines.find((l) => l.service === service && l.currency === record.currency && l.associationType === type);
    if (p === undefined) {
      p = {
        currency: record.currency, associationType: type, service, consumption: undefined, refunds: undefined, adjustments: undefined,
        records: 0, nameTimeMs: Number.NEGATIVE_INFINITY, nameRecordId: '', name: '',
      };
      lines.push(p);
      this.held += 1;
    }
    p.records += 1;
    if (record.kind === 'adjustment') {
      (p.adjustments ??= new ExactSum()).addScaled(toScaled(record.signedAmount));
      return;
    }
    if (record.kind === 'consumption') (p.consumption ??= new ExactSum()).addScaled(toScaled(record.amounts.payable));
    else (p.refunds ??= new ExactSum()).addScaled(toScaled(record.amounts.payable));
    if (record.customerName !== '' && isLaterName(p, record.tradeTimeMs, record.recordId)) {
      p.nameTimeMs = record.tradeTimeMs;
      p.nameRecordId = record.recordId;
      p.name = record.customerName;
    }
  }

  /** The managers with lines held, in any order. */
  managers(): string[] {
    return [...this.byManager.keys()];
  }

  /** One manager's lines as rows, let go. */
  takeRows(manager: string): string[] {
    const customers = this.byManager.get(manager);
    this.byManager.delete(manager);
    if (customers === undefined) return [];
    const rows: string[] = [];
    for (const [customerId, lines] of customers) for (const p of lines) rows.push(encodePartial(customerId, p));
    this.held -= rows.length;
    return rows;
  }

  /** Every line held as [manager, row], let go. */
  *drain(): Generator<[string, string]> {
    for (const manager of this.managers()) for (const row of this.takeRows(manager)) yield [manager, row];
  }
}

interface Line {
  currency: string;
  customerId: string;
  associationType: AssociationType;
  service: string;
  sums: Record<Figure, ExactSum>;
  records: number;
}

/**
 * One manager's view from their rows (ManagerPartials) in code-unit order, rows of the same
 * line merged: each line summed exactly, rounded once, with a residual line per currency and
 * figure so that the lines add up; a customer's name is the latest-dated one of their records
 * (ties: the larger record id), as the bills choose it. Holds one manager's lines, never the
 * month's rows.
 */
export function managerViewOfRows(
  manager: string, sortedRows: Iterable<string>, period: string, revision: number, policy: RoundingPolicy = DEFAULT_ROUNDING,
): ManagerView {
  const lines: Line[] = [];
  const names = new Map<string, NameSource & { name: string }>();
  let line: Line | undefined;
  let lineKey = '';
  for (const row of sortedRows) {
    const f = row.split(SEP);
    const [customerId, currency, type, service] = f as [string, string, AssociationType, string];
    const key = f.slice(0, 4).join(SEP);
    if (line === undefined || key !== lineKey) {
      line = { currency, customerId, associationType: type, service, sums: { consumption: new ExactSum(), refunds: new ExactSum(), adjustments: new ExactSum() }, records: 0 };
      lines.push(line);
      lineKey = key;
    }
    line.sums.consumption.add(f[4]!);
    line.sums.refunds.add(f[5]!);
    line.sums.adjustments.add(f[6]!);
    line.records += Number(f[7]);
    const [timeMs, recordId, name] = [Number(f[8]), f[9]!, f[10]!];
    const known = names.get(customerId);
    if (name !== '' && (known === undefined || isLaterName(known, timeMs, recordId))) names.set(customerId, { nameTimeMs: timeMs, nameRecordId: recordId, name });
  }
  // Lines by currency (a stable sort keeps customer, association and service order within it).
  lines.sort((a, b) => compareText(a.currency, b.currency));
  const out: ManagerCustomerLine[] = [];
  const totals: ManagerCurrencyTotal[] = [];
  for (const currency of [...new Set(lines.map((l) => l.currency))]) {
    const group = lines.filter((l) => l.currency === currency);
    const rounded = Object.fromEntries(FIGURES.map((fig) => [fig, roundBreakdown(group.map((l) => l.sums[fig].value()), policy)])) as Record<Figure, ReturnType<typeof roundBreakdown>>;
    group.forEach((l, i) => out.push({
      currency, customer_id: l.customerId, customer_name: names.get(l.customerId)?.name ?? '', association_type: l.associationType,
      service_type_code: l.service, consumption: rounded.consumption.shown[i]!, refunds: rounded.refunds.shown[i]!,
      adjustments: rounded.adjustments.shown[i]!, records: l.records,
    }));
    totals.push({
      currency,
      customers: new Set(group.map((l) => l.customerId)).size,
      rounding_residual: { consumption: rounded.consumption.residual, refunds: rounded.refunds.residual, adjustments: rounded.adjustments.residual },
      total: { consumption: rounded.consumption.total, refunds: rounded.refunds.total, adjustments: rounded.adjustments.total },
    });
  }
  return { period, revision, account_manager_id: manager, lines: out, totals };
}

/** Where a close collects its managers' lines: in memory (ManagerCustomerSums) or spilled (emit). */
export interface ManagerRows {
  add(record: BillRecord, association: Association): void;
  /** The managers with a view, in code-unit order. */
  managers(): string[];
  /** One manager's view; their lines are let go. */
  take(manager: string, period: string, revision: number, policy?: RoundingPolicy): ManagerView;
}

/**
 * The customer-manager views of a period (DOMAIN §2: a customer manager sees only their own
 * customers' consumption, never partner bills, coupons or incentives), every line held in memory.
 */
export class ManagerCustomerSums implements ManagerRows {
  private readonly partials = new ManagerPartials();

  add(record: BillRecord, association: Association): void {
    this.partials.add(record, association);
  }

  managers(): string[] {
    return this.partials.managers().sort(compareText);
  }

  views(period: string, revision: number, policy: RoundingPolicy = DEFAULT_ROUNDING): ManagerView[] {
    return this.managers().map((manager) => this.take(manager, period, revision, policy));
  }

  take(manager: string, period: string, revision: number, policy: RoundingPolicy = DEFAULT_ROUNDING): ManagerView {
    return managerViewOfRows(manager, this.partials.takeRows(manager).sort(compareText), period, revision, policy);
  }
}
