import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  compareWithShown, lineagePathOf, LineageFormatError, parseLineageCsv, renderLineageCsv, sampleLineKeys, selectLineage,
  type ExplainSelection, type ExplainTarget, type LineageRow,
} from '../../domain/statements/lineage';
import { compareDecimal, subtractDecimal } from '../../domain/money/exactDecimal';
import { formatExact } from '../../domain/money/rounding';
import { renderTextTable } from '../../domain/statements/textTable';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';

export interface ExplainOptions {
  /** Records listed at most (default 50); with --csv, every row unless given. */
  limit?: string;
  csv?: boolean;
}

export const DEFAULT_EXPLAIN_LIMIT = 50;
/** The figure lines of a line key or section are listed up to --limit, and at least this many. */
const MIN_LINES_SHOWN = 20;

/**
 * `reckon explain <statement-file> <line-or-field>`: the records behind a statement figure,
 * read from the statement JSON and its lineage file beside it (docs/lineage.md). No store is
 * opened: it works on any copy of a revision folder.
 */
export async function explainCommand(file: string, what: string, options: ExplainOptions, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const limit = parseLimit(options.limit);
  const document = readStatement(file);
  const lineageFile = lineageFileOf(file, document);
  const rows = readLineage(lineageFile, file);
  const selection = selectLineage(document, rows, what);
  if (selection === undefined) {
    const keys = sampleLineKeys(rows);
    const hint = keys.length > 0 ? `; valid keys include ${keys.join(', ')}` : `; ${basename(lineageFile)} traces no line of this statement`;
    throw new UserError(`no line or figure "${what}" in ${basename(lineageFile)}${hint} (a line key like customers[C-001], a figure like customers[C-001].consumption, or a total like totals.consumption)`, EXIT_USAGE);
  }
  if (options.csv) {
    out(renderLineageCsv(limit === undefined ? selection.rows : selection.rows.slice(0, limit)));
    return EXIT_OK;
  }
  out(renderExplanation(file, selection, limit ?? DEFAULT_EXPLAIN_LIMIT));
  return EXIT_OK;
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UserError(`--limit must be a whole number ≥ 0, got "${text}"`, EXIT_USAGE);
  return Number(text);
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT') throw new UserError(`${what} ${path} does not exist`, EXIT_FAILED);
    if (code === 'EISDIR') throw new UserError(`${what} ${path} is a folder, not a file`, EXIT_FAILED);
    throw new UserError(`cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT_FAILED);
  }
}

function readStatement(file: string): Record<string, unknown> {
  const text = readText(file, 'statement file');
  let document: unknown;
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (err) {
    throw new UserError(`${file} is not a statement JSON file (${err instanceof Error ? err.message : String(err)}); give statement.json, settlement.json or incentive.json`, EXIT_FAILED);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document) || !('totals' in document)) {
    throw new UserError(`${file} is not a statement JSON file (no totals); give statement.json, settlement.json or incentive.json`, EXIT_FAILED);
  }
  return document as Record<string, unknown>;
}

/** The statement's `lineage_file` (a name, beside it), else `X.lineage.csv` beside `X.json`. */
function lineageFileOf(file: string, document: Record<string, unknown>): string {
  const named = document.lineage_file;
  if (typeof named === 'string' && named !== '') return join(dirname(file), basename(named));
  return lineagePathOf(file);
}

function readLineage(path: string, statementFile: string): LineageRow[] {
  if (!existsSync(path)) {
    throw new UserError(`no lineage file ${path} beside ${statementFile}: statements issued before lineage files existed have none`, EXIT_FAILED);
  }
  const text = readText(path, 'lineage file');
  try {
    return parseLineageCsv(text);
  } catch (err) {
    if (err instanceof LineageFormatError) throw new UserError(`${path}: ${err.message}`, EXIT_FAILED);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------

/** `matches`, or the difference; for a figure that is not a sum of records, why not. */
function verdict(t: ExplainTarget): string {
  if (!t.comparable) return 'not a sum of these records (derived from them: split, ratio or rate)';
  if (t.shown === undefined) return 'no shown figure at this path';
  const check = compareWithShown(t.sum, t.shown);
  const exact = t.exact === undefined ? '' : compareExact(t.sum, t.exact);
  return check.matches ? `matches${exact}` : `differs: shown ${t.shown} − rounded sum ${check.rounded} = ${check.difference} (rounding of the statement's lines, see its rounding_residual)${exact}`;
}

function compareExact(sum: string, exact: string): string {
  return compareDecimal(sum, exact) === 0 ? ', exactly' : `; the exact figure ${exact} differs from the sum by ${formatExact(subtractDecimal(exact, sum))}`;
}

function renderExplanation(file: string, selection: ExplainSelection, limit: number): string {
  const lines: string[] = [];
  const what = selection.kind === 'element' ? `${selection.path} (${selection.targets.length} line${selection.targets.length === 1 ? '' : 's'})` : selection.path;
  lines.push(`${file}: ${what}`);
  if (selection.targets.length === 1) {
    const t = selection.targets[0]!;
    if (t.path !== selection.path) lines.push(`  line     ${t.path}`);
    lines.push(`  figure   ${t.shown ?? '(none)'}${t.exact === undefined ? '' : `  (exact ${t.exact})`}`);
    lines.push(`  records  ${t.rows.length}`);
    lines.push(`  sum      ${formatExact(t.sum)}`);
    lines.push(`  check    ${verdict(t)}`);
  } else {
    const shown = selection.targets.slice(0, Math.max(limit, MIN_LINES_SHOWN));
    lines.push(...renderTextTable(
      ['line', 'figure', 'shown', 'records', 'sum', 'check'],
      shown.map((t) => [t.path, t.rows[0]?.figure ?? '', t.shown ?? '', String(t.rows.length), formatExact(t.sum), verdict(t)]),
      new Set([2, 3, 4]),
    ));
    if (selection.targets.length > shown.length) lines.push(`  … and ${selection.targets.length - shown.length} more line(s) (--limit ${selection.targets.length} to list them all)`);
  }
  lines.push('');
  const rows = selection.rows.slice(0, limit);
  const several = new Set(selection.rows.map((r) => r.line)).size > 1;
  lines.push(selection.rows.length === 0 ? 'records: none' : rows.length === selection.rows.length ? `records (${rows.length}):` : `records (${rows.length} of ${selection.rows.length}):`);
  if (rows.length > 0) {
    // The rule is the widest column; it comes last so that a narrow terminal cuts only it.
    const header = [...(several ? ['line'] : []), 'record_kind', 'record_id', 'bill_cycle', 'amount', 'rule'];
    const amountColumn = several ? 4 : 3;
    lines.push(...renderTextTable(header, rows.map((r) => [...(several ? [r.line] : []), r.record_kind, r.record_id, r.bill_cycle, r.amount, r.rule]), new Set([amountColumn])));
  }
  if (selection.rows.length > rows.length) lines.push(`  … and ${selection.rows.length - rows.length} more record(s) (--limit ${selection.rows.length} to list them all, --csv for every row)`);
  return `${lines.join('\n')}\n`;
}
