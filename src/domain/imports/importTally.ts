import DecimalJs from 'decimal.js';
import { ExactSum } from '../money/exactDecimal';
import type { ImportFormat } from './importFormat';

/**
 * The import check's own arithmetic (`import.total`, docs/import-formats.md): the export's amount
 * column is summed from the raw cells with decimal.js at 1 000 significant digits (exact for any
 * amount Reckon accepts), apart from the mapping, whose records are summed with ExactSum. The two
 * agreeing per currency and period says the mapping lost and invented nothing.
 */
const ColumnDecimal = DecimalJs.clone({ precision: 1000, toExpPos: 9e15, toExpNeg: -9e15 });
type ColumnDecimal = InstanceType<typeof ColumnDecimal>;

/** A number as exports write it: sign, digits, optional fraction, optional exponent. Nothing else is summed. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,4})?$/;

/** An empty or NULL amount cell: the row is not a record (counted as skipped). */
export function isNullCell(text: string): boolean {
  return text === '' || (text.length === 4 && text.toUpperCase() === 'NULL');
}

export interface ImportTotal {
  currency: string;
  period: string;
  /** Rows of this currency and period with an amount. */
  rows: number;
  /** Σ of the amount column over those rows, exact; rows whose cell is not a number are not in it. */
  columnSum: string;
  records: number;
  /** Σ payable_amount of the records those rows became. */
  recordSum: string;
}

export interface ImportChargeTotal {
  charge: string;
  kind: string;
  currency: string;
  records: number;
  sum: string;
}

/** Plain data (it travels from a parse thread): the counts and sums of one export file. */
export interface ImportTallyData {
  format: ImportFormat;
  rowsRead: number;
  records: number;
  /** Rows with an empty or NULL amount. */
  skipped: number;
  rejected: number;
  /** Rows with an amount cell that is not a number (also among the rejected). */
  notNumbers: number;
  totals: ImportTotal[];
  charges: ImportChargeTotal[];
}

interface TotalAcc {
  currency: string;
  period: string;
  rows: number;
  column: ColumnDecimal;
  records: number;
  recordSum: ExactSum;
}

/** Running counts and sums of one export file. */
export class ImportTally {
  private rowsRead = 0;
  private records = 0;
  private skipped = 0;
  private rejected = 0;
  private notNumbers = 0;
  private readonly totals = new Map<string, TotalAcc>();
  private readonly charges = new Map<string, { charge: string; kind: string; currency: string; records: number; sum: ExactSum }>();

  constructor(private readonly format: ImportFormat) {}

  /** A row whose amount cell is empty or NULL. */
  skip(): void {
    this.rowsRead++;
    this.skipped++;
  }

  /** A row with an amount cell, before it is mapped: its raw amount goes into the column sum. */
  readAmountCell(currency: string, period: string, rawAmount: string): void {
    this.rowsRead++;
    const acc = this.total(currency, period);
    acc.rows++;
    if (PLAIN_NUMBER.test(rawAmount)) acc.column = acc.column.plus(new ColumnDecimal(rawAmount));
    else this.notNumbers++;
  }

  /** The row just read became a record. */
  record(currency: string, period: string, payable: string, charge: string, kind: string): void {
    this.records++;
    const acc = this.total(currency, period);
    acc.records++;
    acc.recordSum.add(payable);
    const key = `${charge}\u0000${kind}\u0000${currency}`;
    let c = this.charges.get(key);
    if (c === undefined) {
      c = { charge, kind, currency, records: 0, sum: new ExactSum() };
      this.charges.set(key, c);
    }
    c.records++;
    c.sum.add(payable);
  }

  /** The row just read was rejected; a row with another field count than the header is read here. */
  reject(readBefore: boolean): void {
    if (!readBefore) this.rowsRead++;
    this.rejected++;
  }

  data(): ImportTallyData {
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return {
      format: this.format, rowsRead: this.rowsRead, records: this.records, skipped: this.skipped, rejected: this.rejected, notNumbers: this.notNumbers,
      totals: [...this.totals.entries()].map(([key, t]) => ({ key, t })).sort(byKey).map(({ t }) => ({
        currency: t.currency, period: t.period, rows: t.rows, columnSum: t.column.toFixed(), records: t.records, recordSum: t.recordSum.value(),
      })),
      charges: [...this.charges.entries()].map(([key, c]) => ({ key, c })).sort(byKey).map(({ c }) => ({
        charge: c.charge, kind: c.kind, currency: c.currency, records: c.records, sum: c.sum.value(),
      })),
    };
  }

  private total(currency: string, period: string): TotalAcc {
    const key = `${currency}\u0000${period}`;
    let acc = this.totals.get(key);
    if (acc === undefined) {
      acc = { currency, period, rows: 0, column: new ColumnDecimal(0), records: 0, recordSum: new ExactSum() };
      this.totals.set(key, acc);
    }
    return acc;
  }
}
