import { ExactSum, type Scaled } from '../money/exactDecimal';
import { compareText } from '../text/compareText';

/** One key's exact sums, ready for rounding. */
export interface KeyedFigureRow<F extends string> {
  key: string;
  exact: Record<F, string>;
  records: number;
}

export type KeyOrder = 'text' | 'numeric';

function compareKeys(a: string, b: string, order: KeyOrder): number {
  if (order === 'numeric') {
    const d = Number(a) - Number(b);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return compareText(a, b);
}

/**
 * Exact running sums of a few figures per key (customer, service type, region …). A close
 * streams millions of records through these, so only one ExactSum per key and figure is kept,
 * never the records; the result is independent of the order of additions.
 */
export class KeyedFigureSums<F extends string> {
  /** Per key its record count and one ExactSum per figure, made when the figure first gets an amount. */
  private readonly rows = new Map<string, { sums: (ExactSum | undefined)[]; records: number }>();

  constructor(private readonly figures: readonly F[]) {}

  /**
   * Adds one record under `key`: counts it, and adds `amount` to the figure at `index` (its
   * position in `figures`). Figures are addressed by position, not by name: this runs a dozen
   * times per record of a close. Amounts come parsed (a record's payable is parsed once and
   * lands in many drill-downs).
   */
  addOne(key: string, index: number, amount: Scaled): void {
    const row = this.rowOf(key);
    row.records += 1;
    (row.sums[index] ??= new ExactSum()).addScaled(amount);
  }

  /** addOne with two figures of the same record. */
  addTwo(key: string, index: number, amount: Scaled, otherIndex: number, otherAmount: Scaled): void {
    const row = this.rowOf(key);
    row.records += 1;
    (row.sums[index] ??= new ExactSum()).addScaled(amount);
    (row.sums[otherIndex] ??= new ExactSum()).addScaled(otherAmount);
  }

  /** The position of each figure, for addOne and addTwo. */
  static positions<F extends string>(figures: readonly F[]): Readonly<Record<F, number>> {
    return Object.fromEntries(figures.map((f, i) => [f, i])) as Record<F, number>;
  }

  private rowOf(key: string): { sums: (ExactSum | undefined)[]; records: number } {
    let row = this.rows.get(key);
    if (!row) {
      row = { sums: new Array<ExactSum | undefined>(this.figures.length), records: 0 };
      this.rows.set(key, row);
    }
    return row;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Rows sorted by key (`numeric` sorts "5" before "12"). */
  sortedRows(order: KeyOrder = 'text'): KeyedFigureRow<F>[] {
    const keys = [...this.rows.keys()].sort((a, b) => compareKeys(a, b, order));
    return keys.map((key) => {
      const row = this.rows.get(key)!;
      const exact = {} as Record<F, string>;
      this.figures.forEach((figure, i) => {
        exact[figure] = row.sums[i]?.value() ?? '0';
      });
      return { key, exact, records: row.records };
    });
  }
}
