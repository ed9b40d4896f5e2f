import { hash } from 'node:crypto';
import { RowReader } from '../ingest/RowReader';
import type { HeaderLayout } from '../ingest/validateHeader';
import type { FeeAmounts, FeeRecord } from '../records/types';
import { subtractDecimal } from '../money/exactDecimal';
import { normalizeRefundSign } from '../ingest/validateFeeRow';
import { unescapeTextCell } from '../statements/formulaEscape';
import { exportInstant, intervalStart, periodAsWritten } from './exportTime';
import { headerKey, isFigureColumn, type ExportField, type FormatSpec } from './importFormat';
import { ImportTally, isNullCell } from './importTally';
import { OccurrenceCounter } from './occurrenceCounter';
import { shortenedId, shortId } from './shortId';

const CURRENCY = /^[A-Z]{3}$/;
/** Fields whose cells a record keeps in its extra bag. */
const CHARGE_FIELDS: readonly ExportField[] = ['charge', 'chargeClass', 'frequency', 'pricing'];

export type HeaderCheck = { ok: true; mapper: ExportRowMapper } | { ok: false; problem: string };

/**
 * Maps the rows of one cloud export file to fee records (docs/import-formats.md), one row at a
 * time, and keeps the file's import tally. Problems are collected on `reader` (RowReader) under
 * the export's own column names, so a reject names the export file, line, column and value.
 */
export class ExportRowMapper {
  readonly reader: RowReader;
  readonly tally: ImportTally;
  private readonly occurrences = new OccurrenceCounter();
  /** Column indexes of a row's identity (docs/import-formats.md "record_id"), in key order. */
  private readonly identity: { key: string; name: string }[];

  private constructor(
    private readonly spec: FormatSpec,
    fileName: string,
    layout: HeaderLayout,
    /** The column (as written in the header) of each field present. */
    private readonly columnOf: Partial<Record<ExportField, string>>,
    /** Header key → the column as written (first of a key). */
    private readonly columnByKey: ReadonlyMap<string, string>,
  ) {
    this.reader = new RowReader(fileName, layout);
    this.tally = new ImportTally(spec.format);
    this.identity = [...layout.index.keys()]
      .map((name) => ({ key: headerKey(name), name }))
      .filter((c) => !isFigureColumn(c.key))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Reads the header: every required field's column present (by header key), or a problem naming them. */
  static open(spec: FormatSpec, fileName: string, header: readonly string[]): HeaderCheck {
    const index = new Map<string, number>();
    const byKey = new Map<string, string>();
    const all: { name: string; index: number }[] = [];
    header.forEach((raw, i) => {
      const name = raw.trim();
      if (name === '' || index.has(name)) return;
      index.set(name, i);
      all.push({ name, index: i });
      const key = headerKey(name);
      if (!byKey.has(key)) byKey.set(key, name);
    });
    const columnOf: Partial<Record<ExportField, string>> = {};
    for (const [field, keys] of Object.entries(spec.columns) as [ExportField, readonly string[]][]) {
      const key = keys.find((k) => byKey.has(k));
      if (key !== undefined) columnOf[field] = byKey.get(key)!;
    }
    const missing = spec.required.filter((f) => columnOf[f] === undefined);
    if (missing.length > 0) {
      const names = missing.map((f) => spec.columns[f]!.map((k) => `"${k}"`).join(' or ')).join('; ');
      return {
        ok: false,
        problem: `${fileName} line 1 (header): not a ${spec.title} export: no column for ${missing.join(', ')} (looked for ${names}, ignoring case and separators)`,
      };
    }
    // The record's extra bag keeps what says which charge a row is (category, class, frequency,
    // commitment): the rest of the row stays in the export, found by the record's file and line.
    // (Keeping every cell tripled the store and the ingest time of a FOCUS file.)
    const charged = new Set(CHARGE_FIELDS.map((f) => columnOf[f]).filter((c) => c !== undefined));
    const extras = all.filter((c) => charged.has(c.name));
    return { ok: true, mapper: new ExportRowMapper(spec, fileName, { index, extras, width: header.length }, columnOf, byKey) };
  }

  /**
   * The cell of a field, trimmed; a missing column or a NULL token is ''. A text behind the
   * apostrophe Reckon's own CSV files put before formula-like text (`reckon export focus`) is read
   * without it, as in contract files (docs/input-contract.md).
   */
  cell(field: ExportField): string {
    const column = this.columnOf[field];
    if (column === undefined) return '';
    const value = this.reader.cell(column);
    if (value.charCodeAt(0) === 39) return unescapeTextCell(value);
    return value.length === 4 && isNullCell(value) ? '' : value;
  }

  /** The period a rejected row names (its period cell as written, when it is one). */
  periodOfRow(): string | undefined {
    return periodAsWritten(this.cell(this.spec.periodField));
  }

  /**
   * One row: the record, 'skipped' (empty or NULL amount), or undefined when it is rejected
   * (the problems are on `reader`).
   */
  map(row: readonly string[], line: number): FeeRecord | 'skipped' | undefined {
    const r = this.reader;
    if (!r.start(row, line)) {
      this.tally.reject(false);
      return undefined;
    }
    const rawAmount = this.cell('amount');
    if (rawAmount === '') {
      this.tally.skip();
      return 'skipped';
    }
    const currencyCell = this.cell('currency').toUpperCase();
    const periodCell = this.cell(this.spec.periodField);
    const period = periodAsWritten(periodCell);
    this.tally.readAmountCell(currencyCell, period ?? periodCell, rawAmount);
    const amounts = this.amounts();
    const currency = this.required('currency');
    if (currency !== '' && !CURRENCY.test(currencyCell)) this.fail('currency', 'row.currency', 'is not an ISO 4217 currency code (three letters, e.g. USD)');
    if (periodCell === '') this.required(this.spec.periodField);
    else if (period === undefined) this.fail(this.spec.periodField, 'row.period', 'is not a date this export writes (YYYY-MM-DD[ hh:mm[:ss]][zone], M/D/YYYY, YYYY-MM) in 1970-01 to 9999-12');
    const tradeTimeMs = this.tradeTime();
    const customer = this.required('customerId');
    const service = this.service();
    const charge = this.spec.chargeOf((f) => this.cell(f));
    if (!r.ok || amounts === undefined || period === undefined) {
      this.tally.reject(true);
      return undefined;
    }
    // A credit taken back (a positive credit row) is a charge: as a refund it would be stored negated (DOMAIN §4.2).
    if (charge.kind === 'refund' && normalizeRefundSign(amounts) !== amounts) Object.assign(charge, { kind: 'consumption', billType: 5 });
    const naturalId = this.naturalId();
    const recordId = naturalId ?? this.contentId();
    const tradeId = naturalId ?? recordId;
    const record: FeeRecord = {
      kind: charge.kind, recordId, billCycle: period, tradeTimeMs,
      customerId: shortId(customer), customerName: this.cell('customerName'), accountName: '',
      partnerId: '', indirectPartnerId: '', accountManagerId: '',
      tradeId, billType: charge.billType, chargingMode: charge.chargingMode,
      serviceTypeCode: service, resourceTypeCode: this.cell('resourceType'), regionCode: this.cell('region'),
      resourceId: this.cell('resourceId'), resourceName: this.cell('resourceName'),
      productId: '', providerType: 1, sellerId: '', currency: currencyCell, amounts,
      // A credit refunds no order of the export: it names itself (isStandaloneCredit), which keeps
      // refunds.csv's required original_trade_id filled when `reckon import` writes it out.
      originalTradeId: charge.kind === 'refund' ? tradeId : '', refundReason: '',
    };
    this.tally.record(currencyCell, period, amounts.payable, charge.charge, charge.kind);
    return record;
  }

  /**
   * payable = the amount, every digit and its sign; official = the list cost where the export has
   * one (else the amount); discount = official − payable; cash = payable; so A1 and A2 hold.
   */
  private amounts(): FeeAmounts | undefined {
    const payable = this.reader.amount(this.columnOf.amount!, 1, true);
    const listColumn = this.cell('listCost') === '' ? undefined : this.columnOf.listCost;
    const official = listColumn === undefined ? payable : this.reader.amount(listColumn, 1, true);
    if (payable === '' || official === '') return undefined;
    return {
      official, discount: subtractDecimal(official, payable), erase: '0', payable, cash: payable, credit: '0', coupon: '0',
      flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
    };
  }

  private tradeTime(): number {
    const field: ExportField = this.cell('chargeStart') !== '' ? 'chargeStart' : this.spec.periodField;
    const text = intervalStart(this.cell(field));
    if (text === '') return Number.NaN; // the period cell is empty: already a problem
    const ms = exportInstant(text);
    if (ms === undefined) this.fail(field, 'row.time', 'is not a time this export writes (ISO-8601 with or without zone, M/D/YYYY [h:mm[:ss] [AM|PM]])');
    return ms ?? Number.NaN;
  }

  /** The export's own line-item id (with its time interval where the export has one), as a Reckon id. */
  private naturalId(): string | undefined {
    const id = this.cell('lineItemId');
    if (id === '') return undefined;
    const interval = this.cell('timeInterval');
    if (interval === '') return shortId(id);
    return shortenedId(id, `${id}/${interval}`);
  }

  /** `<format>-<32 hex of the row's identity>-<occurrence>`: the same row gives the same id in any file. */
  private contentId(): string {
    const cells: string[] = [];
    for (const { key, name } of this.identity) {
      const value = this.reader.cell(name);
      if (!isNullCell(value)) cells.push(key, value);
    }
    const digest = hash('sha256', JSON.stringify(cells), 'hex');
    return `${this.spec.format}-${digest.slice(0, 32)}-${this.occurrences.next(digest)}`;
  }

  /**
   * The service: its column, else the format's fallback columns (Azure's unused-commitment and
   * rounding rows have no MeterCategory), else "(none)": a row's money is never refused for want
   * of a label.
   */
  private service(): string {
    const fallback = this.columnOf.serviceFallback === undefined ? '' : this.firstCell(this.spec.columns.serviceFallback!);
    return this.cell('service') || fallback || '(none)';
  }

  /** The first non-empty cell among these header keys. */
  private firstCell(keys: readonly string[]): string {
    for (const key of keys) {
      const column = this.columnByKey.get(key);
      const value = column === undefined ? '' : this.reader.cell(column);
      if (value !== '' && !isNullCell(value)) return value;
    }
    return '';
  }

  private required(field: ExportField): string {
    const value = this.cell(field);
    if (value === '') this.fail(field, 'row.required', 'is required but the cell is empty (or NULL)');
    return value;
  }

  private fail(field: ExportField, code: Parameters<RowReader['fail']>[1], problem: string): void {
    const column = this.columnOf[field] ?? field;
    this.reader.fail(column, code, problem);
  }
}
