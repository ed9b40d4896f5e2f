import { roundBreakdown, type RoundingPolicy } from '../money/rounding';
import type { KeyedFigureRow } from './keyedFigureSums';

/** Shown lines of a drill-down with the residual that makes them add up to the shown total. */
export interface RoundedFigureTable<F extends string> {
  /** Per row, in input order: each figure rounded once from its exact value. */
  shown: Record<F, string>[];
  /** Per figure: total − Σ shown. */
  residual: Record<F, string>;
  /** Per figure: the exact column total rounded once. */
  total: Record<F, string>;
}

/**
 * Applies the rounding policy (DOMAIN §2) to every figure column of a drill-down
 * independently, via roundBreakdown: Σ shown + residual = total holds per figure, exactly.
 */
export function roundFigureTable<F extends string>(
  rows: readonly KeyedFigureRow<F>[],
  figures: readonly F[],
  policy: RoundingPolicy,
): RoundedFigureTable<F> {
  const shown = rows.map(() => ({}) as Record<F, string>);
  const residual = {} as Record<F, string>;
  const total = {} as Record<F, string>;
  for (const figure of figures) {
    const column = roundBreakdown(rows.map((r) => r.exact[figure]), policy);
    column.shown.forEach((value, i) => {
      shown[i]![figure] = value;
    });
    residual[figure] = column.residual;
    total[figure] = column.total;
  }
  return { shown, residual, total };
}
