import { compareText } from '../text/compareText';
import type { CheckResult } from './checkResult';

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
    const group = groups.get(key) ?? [];
    group.push(c);
    groups.set(key, group);
  }
  const keys = [...groups.keys()].sort((a, b) => (a.startsWith('fail') === b.startsWith('fail') ? compareText(a, b) : a.startsWith('fail') ? -1 : 1));
  const lines: string[] = [];
  for (const key of keys) {
    const rows = groups.get(key)!;
    const [status, check] = key.split(' ') as [string, string];
    lines.push(`${status.toUpperCase()} ${check}: ${rows.length} subject(s)`);
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
