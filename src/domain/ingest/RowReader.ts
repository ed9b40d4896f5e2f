import type { MeasureId } from '../money/parseAmount';
import { parseMeasureId } from '../money/parseAmount';
import { checkPeriod, parseInstant } from '../period/period';
import { readAmount } from './readAmount';
import { unescapeTextCell } from '../statements/formulaEscape';
import { issueMessage, type RejectCode, type RejectIssue } from './rejectIssue';
import type { HeaderLayout } from './validateHeader';

/** Ids are at most this many characters (Unicode code points, as PostgreSQL counts varchar(64)) (DOMAIN §1, §4.1). */
export const MAX_ID_LENGTH = 64;
/**
 * The id columns, limited to MAX_ID_LENGTH in every file that carries them: an id accepted in
 * one file and refused in another (a long seller_id on records but not in
 * marketplace-products.csv) would leave its subject waiting forever for a row that cannot exist.
 */
export const ID_COLUMNS: ReadonlySet<string> = new Set([
  'record_id', 'customer_id', 'partner_id', 'indirect_partner_id', 'parent_partner_id', 'seller_id', 'product_id',
]);
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/**
 * Reads the cells of one row after another and collects every problem of the current row
 * (all at once, DOMAIN §8). One reader serves a whole file, so reading a row allocates nothing
 * but the values it returns. Cells are trimmed; an empty cell is absent.
 */
export class RowReader {
  issues: RejectIssue[] = [];
  line = 0;
  private row: readonly string[] = [];

  constructor(readonly fileName: string, readonly layout: HeaderLayout) {}

  /** Starts a new row; returns false (with a 'row.columns' issue) when its field count differs from the header's. */
  start(row: readonly string[], line: number): boolean {
    this.row = row;
    this.line = line;
    if (this.issues.length > 0) this.issues = [];
    if (row.length === this.layout.width) return true;
    this.fail('', 'row.columns', `has ${row.length} fields but the header has ${this.layout.width}`, '');
    return false;
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  cell(column: string): string {
    const i = this.layout.index.get(column);
    if (i === undefined) return '';
    const value = this.row[i];
    return value === undefined ? '' : value.trim();
  }

  fail(column: string, code: RejectCode, problem: string, rawValue = this.cell(column)): void {
    this.issues.push({ line: this.line, column, rawValue, code, message: issueMessage(this.fileName, this.line, column, rawValue, problem) });
  }

  /**
   * Optional text; a column of ID_COLUMNS is an id of at most MAX_ID_LENGTH characters. A cell
   * behind the apostrophe that Reckon's own CSV files put before formula-like text ("'=x", written
   * by `reckon import`, or kept by a spreadsheet) is read without it (unescapeTextCell).
   */
  text(column: string): string {
    const cell = this.cell(column);
    const value = cell.charCodeAt(0) === 39 ? unescapeTextCell(cell) : cell;
    // Fewer UTF-16 units than the limit means fewer code points too: most cells are not counted.
    if (value.length > MAX_ID_LENGTH && ID_COLUMNS.has(column)) {
      const length = codePointLength(value);
      if (length > MAX_ID_LENGTH) this.fail(column, 'row.length', `is ${length} characters long; an id has at most ${MAX_ID_LENGTH}`);
    }
    return value;
  }

  requiredText(column: string): string {
    const value = this.text(column);
    if (value === '') this.fail(column, 'row.required', 'is required but the cell is empty');
    return value;
  }

  /** Exact canonical amount in yuan; absent optional amounts are '0'; '' after a problem. */
  amount(column: string, measureId: MeasureId | undefined, required: boolean): string {
    const raw = this.cell(column);
    if (raw === '') {
      if (required) this.fail(column, 'row.required', 'is required but the cell is empty');
      return required ? '' : '0';
    }
    if (measureId === undefined) return ''; // measure_id itself was rejected
    const parsed = readAmount(raw, measureId);
    if (parsed.ok) return parsed.value;
    this.fail(column, 'row.amount', `is not a valid amount: ${parsed.reason}`);
    return '';
  }

  measureId(column = 'measure_id'): MeasureId | undefined {
    const measure = parseMeasureId(this.cell(column));
    if (measure === undefined) this.fail(column, 'row.enum', 'is not a measure_id: use 1 (yuan), 2 (jiao) or 3 (fen)');
    return measure;
  }

  currency(column = 'currency'): string {
    const value = this.cell(column);
    if (value === '') return 'CNY';
    if (!CURRENCY_PATTERN.test(value)) this.fail(column, 'row.currency', 'is not an ISO 4217 currency code (three capital letters, e.g. CNY)');
    return value;
  }

  period(column: string, required: boolean): string {
    const value = this.cell(column);
    if (value === '') {
      if (required) this.fail(column, 'row.required', 'is required but the cell is empty');
      return '';
    }
    // Out of range is a row error like a malformed period: bounds of 0001-01 cannot be computed.
    const problem = checkPeriod(value);
    if (problem !== undefined) this.fail(column, 'row.period', problem);
    return value;
  }

  /** UTC epoch ms of an ISO-8601 instant with offset; NaN after a problem. */
  instant(column: string): number {
    const value = this.cell(column);
    if (value === '') {
      this.fail(column, 'row.required', 'is required but the cell is empty');
      return Number.NaN;
    }
    const ms = parseInstant(value);
    if (ms !== undefined) return ms;
    this.fail(column, 'row.time', 'is not an ISO-8601 time with an offset, e.g. 2026-10-03T08:15:00+08:00');
    return Number.NaN;
  }

  /** An enumeration cell; `expected` lists what is accepted, for the message. */
  enumValue<T>(column: string, parse: (raw: string) => T | undefined, required: boolean, expected: string): T | undefined {
    const value = this.cell(column);
    if (value === '') {
      if (required) this.fail(column, 'row.required', 'is required but the cell is empty');
      return undefined;
    }
    const parsed = parse(value);
    if (parsed === undefined) this.fail(column, 'row.enum', `is not one of ${expected}`);
    return parsed;
  }

  /** The row's extra (non-contract) columns as a JSON object; empty cells are left out. */
  extraJson(): string {
    const extras = this.layout.extras;
    if (extras.length === 0) return '{}';
    const bag: Record<string, string> = {};
    for (const { name, index } of extras) {
      const value = (this.row[index] ?? '').trim();
      if (value !== '') bag[name] = value;
    }
    return JSON.stringify(bag);
  }
}

/** Characters as people count them in an id: Unicode code points (an emoji is one, not two UTF-16 units). */
export function codePointLength(text: string): number {
  let length = 0;
  // The string iterator steps over code points (a lone surrogate counts as one).
  for (const _ of text) length++;
  return length;
}
