import type { ImportTallyData } from '../imports/importTally';
import { compareDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import { checkRow, type CheckResult } from './checkResult';

/**
 * `import.total` (docs/import-formats.md), for every cloud export file with rows of the period:
 * - per currency: the exact sum of the export's amount column over the period's rows (summed
 *   from the raw cells, apart from the mapping) equals the sum of the records those rows became
 *   (`expected` = column sum, `actual` = records sum); a rejected row's amount is in the first
 *   and not in the second, so a reject with money fails the check;
 * - per file: rows read = records + skipped (empty or NULL amount) + rejected.
 * Files of contract deliveries have no such row; a period without cloud exports has none at all.
 */
export function importTotalChecks(period: string, files: readonly { fileName: string; tally: ImportTallyData }[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const { fileName, tally } of files) {
    const totals = tally.totals.filter((t) => t.period === period);
    if (totals.length === 0) continue;
    for (const t of totals) {
      const difference = subtractDecimal(t.recordSum, t.columnSum);
      rows.push(checkRow('import.total', compareDecimal(difference, '0') === 0 ? 'ok' : 'fail', `${fileName}: ${t.currency} ${period}, ${t.rows} rows → ${t.records} records`, {
        expected: formatExact(t.columnSum), actual: formatExact(t.recordSum), difference: formatExact(difference),
      }));
    }
    const accounted = tally.records + tally.skipped + tally.rejected;
    rows.push(checkRow('import.total', accounted === tally.rowsRead ? 'ok' : 'fail',
      `${fileName}: rows read = ${tally.records} records + ${tally.skipped} skipped (no amount) + ${tally.rejected} rejected`, {
        expected: String(tally.rowsRead), actual: String(accounted), difference: String(accounted - tally.rowsRead),
      }));
  }
  return rows;
}
