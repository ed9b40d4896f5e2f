import { renderCsv, renderJson, type CsvCell } from '../statements/csvFormat';
import { displayWidth, plainText } from '../statements/textTable';
import type { FigureChange, RevisionDiff, StatementDiff } from './diffStatements';

/**
 * The revision diff as files (diff.json, diff.csv beside rev-<n+1>) and as the short summary
 * `reckon preview` prints. All three are deterministic: same diff, same bytes.
 */

/** Records listed in one CSV cell; a correction of thousands of records would make the row unreadable. */
const MAX_RECORDS_IN_CELL = 20;
/** Figure lines in the terminal summary; the files hold the full list. */
const MAX_TEXT_LINES = 50;

function orderedChange(c: FigureChange): FigureChange {
  const out: FigureChange = { field: c.field, old: c.old, new: c.new, difference: c.difference };
  if (c.records_added !== undefined) out.records_added = c.records_added;
  if (c.records_removed !== undefined) out.records_removed = c.records_removed;
  return out;
}

function orderedStatement(s: StatementDiff): StatementDiff {
  return {
    kind: s.kind, subject_id: s.subject_id, currency: s.currency, file: s.file, status: s.status,
    changes: s.changes.map(orderedChange), records_added: s.records_added, records_removed: s.records_removed,
  };
}

/** diff.json. Keys are re-laid in the documented order so that a diff read back from JSON renders to the same bytes. */
export function renderDiffJson(diff: RevisionDiff): string {
  const { summary } = diff;
  return renderJson({
    period: diff.period,
    from_revision: diff.from_revision,
    to_revision: diff.to_revision,
    first_close: diff.first_close,
    statements: diff.statements.map(orderedStatement),
    summary: {
      statements_changed: summary.statements_changed,
      statements_added: summary.statements_added,
      statements_removed: summary.statements_removed,
      figures_changed: summary.figures_changed,
    },
  });
}

/** "added R1 R2; removed R3", at most 20 ids then "… and N more". */
export function formatRecords(added: readonly string[], removed: readonly string[]): string {
  const shownAdded = added.slice(0, MAX_RECORDS_IN_CELL);
  const shownRemoved = removed.slice(0, MAX_RECORDS_IN_CELL - shownAdded.length);
  const parts: string[] = [];
  if (shownAdded.length > 0) parts.push(`added ${shownAdded.join(' ')}`);
  if (shownRemoved.length > 0) parts.push(`removed ${shownRemoved.join(' ')}`);
  const hidden = added.length + removed.length - shownAdded.length - shownRemoved.length;
  return parts.join('; ') + (hidden > 0 ? ` … and ${hidden} more` : '');
}

const CSV_HEADER = ['kind', 'subject_id', 'currency', 'file', 'status', 'field', 'old', 'new', 'difference', 'records'] as const;

/**
 * diff.csv: one row per changed figure. `records` are the records behind the figure's line when
 * the line has lineage, else the statement's (a total moves with every record of its statement).
 * An added or removed statement with no non-zero figure still gets one row, so every listed
 * statement appears.
 */
export function renderDiffCsv(diff: RevisionDiff): string {
  const rows: CsvCell[][] = [];
  for (const s of diff.statements) {
    const lead: CsvCell[] = [s.kind, s.subject_id, s.currency, s.file, s.status];
    const statementRecords = formatRecords(s.records_added, s.records_removed);
    if (s.changes.length === 0) rows.push([...lead, '', undefined, undefined, undefined, statementRecords]);
    for (const c of s.changes) {
      const records = c.records_added !== undefined || c.records_removed !== undefined
        ? formatRecords(c.records_added ?? [], c.records_removed ?? [])
        : statementRecords;
      rows.push([...lead, c.field, { amount: c.old }, { amount: c.new }, { amount: c.difference }, records]);
    }
  }
  return renderCsv(CSV_HEADER, rows);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

type TextRow = [file: string, field: string, old: string, now: string, difference: string];

/** Aligned columns, `  file  field  old → new  (difference)`; amounts right-aligned so that decimal points line up. */
function alignRows(rows: readonly TextRow[]): string[] {
  const cells = rows.map((r) => r.map(plainText) as TextRow);
  const width = (i: number): number => Math.max(0, ...cells.map((r) => displayWidth(r[i]!)));
  const [wFile, wField, wOld, wNew, wDiff] = [width(0), width(1), width(2), width(3), width(4)];
  return cells.map(([file, field, old, now, difference]) => {
    const head = `  ${pad(file, wFile, false)}  ${field}`;
    if (old === '') return head.trimEnd();
    return `  ${pad(file, wFile, false)}  ${pad(field, wField, false)}  ${pad(old, wOld, true)} → ${pad(now, wNew, true)}  ${pad(difference, wDiff, true)}`;
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function signed(amount: string): string {
  return amount.startsWith('-') || /^0\.0+$/.test(amount) ? amount : `+${amount}`;
}

/** Headline plus at most MAX_TEXT_LINES rows and a "… N more" line. */
function withCap(headline: string, rows: string[]): string {
  const shown = rows.slice(0, MAX_TEXT_LINES);
  if (rows.length > shown.length) shown.push(`  … ${rows.length - shown.length} more`);
  return [headline, ...shown].join('\n') + '\n';
}

/**
 * For the terminal (`reckon preview`): "first close: 12 statements" and the files, or
 * "rev-1 → rev-2: 2 statements changed, 5 figures" and one aligned line per changed figure,
 * `partners/P-001/statement.json  totals.refunds  -120.00 → -150.00  (-30.00)`.
 */
export function renderDiffText(diff: RevisionDiff): string {
  const { summary } = diff;
  if (diff.first_close) {
    const headline = `first close: ${plural(diff.statements.length, 'statement')} (${diff.period} rev-${diff.to_revision})`;
    return withCap(headline, diff.statements.map((s) => `  ${plainText(s.file)}`));
  }
  const counts = [
    `${plural(summary.statements_changed, 'statement')} changed`,
    ...(summary.statements_added > 0 ? [`${summary.statements_added} added`] : []),
    ...(summary.statements_removed > 0 ? [`${summary.statements_removed} removed`] : []),
    plural(summary.figures_changed, 'figure'),
  ];
  const range = `rev-${diff.from_revision} → rev-${diff.to_revision}`;
  if (diff.statements.length === 0) return `${range}: no changes (${diff.period})\n`;
  const rows: TextRow[] = [];
  for (const s of diff.statements) {
    const file = s.status === 'changed' ? s.file : `${s.file} (${s.status})`;
    if (s.changes.length === 0) rows.push([file, '', '', '', '']);
    for (const c of s.changes) rows.push([file, c.field, c.old, c.new, `(${signed(c.difference)})`]);
  }
  return withCap(`${range}: ${counts.join(', ')} (${diff.period})`, alignRows(rows));
}
