import { compareText } from '../text/compareText';
import { STATUS_ORDER, type CheckResult } from './checkResult';

/** How many subjects of one check are shown on screen; the rest are counted (all are in reconciliation.csv). */
export const SUBJECTS_SHOWN = 3;
/** Records named per subject line. */
const RECORDS_SHOWN = 3;

/**
 * The failed and warned checks of a run as lines for a terminal: grouped by check (failures
 * first), each with its first subjects and their figures and how many more there are. Empty
 * when every check is ok.
 */
export function digestChecks(checks: readonly CheckResult[], shown: number = SUBJECTS_SHOWN): string[] {
  const groups = new Map<string, CheckResult[]>();
  for (const c of checks) {
    if (c.status === 'ok') continue;
    const key = `${c.status} ${c.check}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [c]);
    else group.push(c);
  }
  const ordered = [...groups.values()].sort((a, b) => STATUS_ORDER[a[0]!.status] - STATUS_ORDER[b[0]!.status] || compareText(a[0]!.check, b[0]!.check));
  const lines: string[] = [];
  for (const rows of ordered) {
    lines.push(`${rows[0]!.status.toUpperCase()} ${rows[0]!.check}: ${rows.length} subject(s)`);
    for (const row of rows.slice(0, shown)) lines.push(`    ${row.subject}${recordsOf(row)}${figures(row)}`);
    if (rows.length > shown) lines.push(`    … and ${rows.length - shown} more`);
  }
  return lines;
}

/** The first records behind a row (a file-level subject says little without them). */
function recordsOf(row: CheckResult): string {
  if (row.records.length === 0) return '';
  const more = row.records.length > RECORDS_SHOWN ? ` +${row.records.length - RECORDS_SHOWN}` : '';
  return ` [${row.records.slice(0, RECORDS_SHOWN).join(', ')}${more}]`;
}

function figures(row: CheckResult): string {
  const parts = [
    row.expected !== '' ? `expected ${row.expected}` : '',
    row.actual !== '' ? `actual ${row.actual}` : '',
    row.difference !== '' ? `difference ${row.difference}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}
