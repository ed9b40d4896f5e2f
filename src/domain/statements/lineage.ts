import { compareDecimal, ExactSum, subtractDecimal } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, roundAmount } from '../money/rounding';
import { elementKeys, type StatementKind } from '../revisions/diffStatements';
import { renderCsv, renderCsvRows, UTF8_BOM, type CsvCell } from './csvFormat';
import { unescapeTextCell } from './formulaEscape';

/**
 * Lineage (docs/lineage.md): beside every statement `X.json` a `X.lineage.csv` names, per figure
 * line, the records behind it. This module is the file format and its reading (pure): the rows,
 * their CSV, the line keys (the figure paths of the revision diff, `flattenFigures`), the
 * per-line references in the statement JSON, and how `reckon explain` resolves what it is asked.
 */

export const LINEAGE_HEADER = ['line', 'figure', 'record_kind', 'record_id', 'bill_cycle', 'amount', 'rule'] as const;

/** One record's contribution to one figure line. */
export interface LineageRow {
  /** The figure path in flattenFigures notation, e.g. `customers[C-001].consumption`. */
  line: string;
  /** The statement figure the record feeds, e.g. `consumption`, `gross`, `performance` (see FIGURE_TOTALS). */
  figure: string;
  record_kind: string;
  record_id: string;
  /** The record's own bill_cycle (for a late record: the period it belongs to). */
  bill_cycle: string;
  /** The record's contribution, exact (at least 2 decimals, every digit kept). */
  amount: string;
  /** Which rule put the record on this line, in words. */
  rule: string;
}

/**
 * Where each figure of the lineage ends up in a statement's totals: the paths whose value is the
 * (rounded) sum of the rows of that figure. One table for all kinds: the names do not collide
 * (`refunds` is the refunds total of a partner bill and of a settlement alike).
 */
export const FIGURE_TOTALS: Readonly<Record<string, readonly string[]>> = {
  consumption: ['totals.consumption'],
  refunds: ['totals.refunds'],
  adjustments: ['totals.adjustments'],
  corrections: ['totals.corrections', 'corrections.total'],
  referral_consumption: ['referral.total.consumption'],
  referral_refunds: ['referral.total.refunds'],
  gross: ['totals.gross'],
  refunds_reversed: ['totals.refunds_reversed'],
  refunds_platform_fee: ['totals.refunds_platform_fee'],
  performance: ['totals.performance'],
};

/** Totals made of several figures: a partner bill's settlement = consumption + refunds + adjustments + corrections (DOMAIN §5.1). */
export const COMPOSITE_TOTALS: Readonly<Record<string, readonly string[]>> = {
  'totals.settlement': ['consumption', 'refunds', 'adjustments', 'corrections'],
};

/**
 * The figures of each traced section that are sums of records (docs/lineage.md). A line of these
 * without rows in a file (a customer without refunds) is a figure of no records: 0.00.
 */
export const TRACED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  customers: ['consumption', 'refunds', 'adjustments'],
  'referral.customers': ['consumption', 'refunds'],
  'corrections.lines': ['amount'],
  products: ['paid'],
  refunds: ['paid', 'merchant_share', 'platform_fee'],
  five_day_netting: ['order_paid', 'refund_paid'],
  corrections: ['paid', 'merchant_part', 'platform_part', 'performance'],
  services: ['consumption', 'refunds'],
};

/** A line field that is the sum of sibling lines: an incentive service's performance = consumption + refunds. */
const FIELD_ALIASES: Readonly<Record<string, readonly string[]>> = {
  performance: ['consumption', 'refunds'],
};

/**
 * The arrays of a statement whose elements are traced (each element gets a `lineage` reference).
 * The other sections are not sums of records (cascade, deposit, invoice notice, specials) or
 * regroup the same records another way (a partner bill's drill-downs by service type, region,
 * charging mode, bill type and reseller): see docs/lineage.md. A path absent from a document
 * (a `corrections` section of an older settlement) is skipped.
 */
export const LINEAGE_SECTIONS: Readonly<Record<StatementKind, readonly string[]>> = {
  partner: ['customers', 'referral.customers', 'corrections.lines'],
  settlement: ['products', 'refunds', 'five_day_netting', 'corrections'],
  incentive: ['services', 'corrections'],
};

/** `partners/P-001/statement.json` → `partners/P-001/statement.lineage.csv`. */
export function lineagePathOf(jsonPath: string): string {
  return `${jsonPath.endsWith('.json') ? jsonPath.slice(0, -'.json'.length) : jsonPath}.lineage.csv`;
}

/** The lineage file's name as the statement JSON refers to it (beside it, so without folders). */
export function lineageFileNameOf(jsonPath: string): string {
  const path = lineagePathOf(jsonPath);
  return path.slice(path.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------------------------
// Figure paths

export type PathSegment = { name: string } | { key: string };

/**
 * Splits a flattenFigures path into names and element keys: `corrections.lines[2026-08].amount`
 * → corrections, lines, [2026-08], amount. A key ends at the `]` followed by `.`, `[` or the end,
 * so keys with dots (`services[hws.service.type.ec2]`) are read whole. Undefined when malformed.
 */
export function parseFigurePath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      let end = path.indexOf(']', i + 1);
      while (end >= 0 && !(end + 1 === path.length || path[end + 1] === '.' || path[end + 1] === '[')) end = path.indexOf(']', end + 1);
      if (end < 0) return undefined;
      out.push({ key: path.slice(i + 1, end) });
      i = end + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      if (end === i) return undefined;
      out.push({ name: path.slice(i, end) });
      i = end;
    }
    if (path[i] === '.') {
      i++;
      if (i === path.length) return undefined;
    }
  }
  return out.length > 0 ? out : undefined;
}

/** The element keys a path lies under, outermost first: `a.b[K].c[L].f` → `a.b[K]`, `a.b[K].c[L]`. */
export function enclosingElementKeys(path: string): string[] {
  const segments = parseFigurePath(path);
  if (!segments) return [];
  const out: string[] = [];
  let prefix = '';
  for (const s of segments) {
    prefix = 'key' in s ? `${prefix}[${s.key}]` : prefix === '' ? s.name : `${prefix}.${s.name}`;
    if ('key' in s && prefix !== path) out.push(prefix);
  }
  return out;
}

/** The value at a figure path of a document (element keys as elementKeys gives them), or undefined. */
export function valueAt(document: unknown, path: string): unknown {
  const segments = parseFigurePath(path);
  if (!segments) return undefined;
  let node: unknown = document;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    if ('key' in s) {
      if (!Array.isArray(node)) return undefined;
      const index = elementKeys(node).indexOf(s.key);
      if (index < 0) return undefined;
      node = node[index];
    } else {
      if (Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[s.name];
    }
  }
  return node;
}

/** The full-precision value the document keeps beside a shown figure: `X_exact`, or `totals_exact.f` for `totals.f`. */
export function exactValueAt(document: unknown, path: string): string | undefined {
  const candidates = [`${path}_exact`];
  if (path.startsWith('totals.')) candidates.push(`totals_exact.${path.slice('totals.'.length)}`);
  for (const c of candidates) {
    const v = valueAt(document, c);
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// References in the statement JSON

/**
 * A copy of a statement document with a `lineage` reference on each element of its traced
 * sections (`<file>#<line-key>`, the key being the element's flattenFigures path, e.g.
 * `statement.lineage.csv#customers[C-001]`) and `lineage_file` at the top level (last). Every
 * other key keeps its place and value, so the JSON differs from the plain rendering only by
 * these additions.
 */
export function withLineageRefs(document: object, kind: StatementKind, lineageFile: string): Record<string, unknown> {
  let top: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  for (const section of LINEAGE_SECTIONS[kind]) top = withSectionRefs(top, section.split('.'), section, lineageFile);
  top.lineage_file = lineageFile;
  return top;
}

function withSectionRefs(node: Record<string, unknown>, names: readonly string[], section: string, file: string): Record<string, unknown> {
  const [first, ...rest] = names;
  const child = node[first!];
  if (rest.length > 0) {
    if (child === null || typeof child !== 'object' || Array.isArray(child)) return node;
    return { ...node, [first!]: withSectionRefs(child as Record<string, unknown>, rest, section, file) };
  }
  if (!Array.isArray(child)) return node;
  const keys = elementKeys(child);
  return {
    ...node,
    [first!]: child.map((item, i) => (item !== null && typeof item === 'object' && !Array.isArray(item)
      ? { ...(item as Record<string, unknown>), lineage: `${file}#${section}[${keys[i]!}]` }
      : item)),
  };
}

// ---------------------------------------------------------------------------------------------
// The CSV file

const CHUNK_ROWS = 10_000;

function cells(r: LineageRow): CsvCell[] {
  return [r.line, r.figure, r.record_kind, r.record_id, r.bill_cycle, { amount: r.amount }, r.rule];
}

/**
 * The lineage CSV: renderCsv's format (UTF-8 with BOM, CRLF, quoting, formula escaping of text
 * cells, amounts as plain numbers), rendered a chunk of rows at a time so that a statement of a
 * million rows never holds a million cell arrays. Rows are written in the order given.
 */
export function renderLineageCsv(rows: Iterable<LineageRow>): string {
  return [...renderLineageChunks(rows)].join('');
}

/** renderLineageCsv as chunks of text (the BOM and header first, then up to 10 000 rows each), for writing as they come. */
export function* renderLineageChunks(rows: Iterable<LineageRow>): Generator<string> {
  yield renderCsv(LINEAGE_HEADER, []);
  let chunk: CsvCell[][] = [];
  for (const row of rows) {
    chunk.push(cells(row));
    if (chunk.length === CHUNK_ROWS) {
      yield renderCsvRows(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) yield renderCsvRows(chunk);
}

/** Lines in code-unit order, then record kind, then record id (then bill_cycle, amount, rule): the file's order. */
export function compareLineageRows(a: LineageRow, b: LineageRow): number {
  for (const f of ['line', 'record_kind', 'record_id', 'bill_cycle', 'amount', 'rule', 'figure'] as const) {
    if (a[f] !== b[f]) return a[f] < b[f] ? -1 : 1;
  }
  return 0;
}

/** RFC 4180 records of a CSV text (CRLF or LF); blank lines are skipped. Lines without quotes take a fast path. */
function* csvRecords(text: string): Generator<string[]> {
  const n = text.length;
  let i = 0;
  // The next quote at or after i, searched again only once passed (searching from every line would be quadratic).
  let quote = -1;
  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    if (quote < i && quote !== n) {
      quote = text.indexOf('"', i);
      if (quote < 0) quote = n;
    }
    if (quote >= end) {
      const line = text.charCodeAt(end - 1) === 13 && end > i ? text.slice(i, end - 1) : text.slice(i, end);
      i = end + 1;
      if (line !== '') yield line.split(',');
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let done = false;
    while (i < n && !done) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (c === '"') quoted = false;
        else field += c;
        i++;
      } else if (c === '"') {
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        i += c === '\r' ? 2 : 1;
        done = true;
      } else {
        field += c;
        i++;
      }
    }
    fields.push(field);
    yield fields;
  }
}

/** Thrown for a file that is not a lineage CSV. */
export class LineageFormatError extends Error {
  override readonly name = 'LineageFormatError';
}

/** The rows of a lineage CSV (as renderLineageCsv writes it), in file order. */
export function parseLineageCsv(content: string): LineageRow[] {
  const text = content.startsWith(UTF8_BOM) ? content.slice(UTF8_BOM.length) : content;
  const rows: LineageRow[] = [];
  let header = true;
  let lineNo = 0;
  for (const r of csvRecords(text)) {
    lineNo++;
    if (header) {
      if (r.join(',') !== LINEAGE_HEADER.join(',')) throw new LineageFormatError(`not a lineage file: the header is "${r.join(',')}", expected "${LINEAGE_HEADER.join(',')}"`);
      header = false;
      continue;
    }
    if (r.length !== LINEAGE_HEADER.length) throw new LineageFormatError(`lineage row ${lineNo} has ${r.length} cells, expected ${LINEAGE_HEADER.length}`);
    rows.push({
      line: unescapeTextCell(r[0]!), figure: unescapeTextCell(r[1]!), record_kind: unescapeTextCell(r[2]!), record_id: unescapeTextCell(r[3]!),
      bill_cycle: unescapeTextCell(r[4]!), amount: r[5]!, rule: unescapeTextCell(r[6]!),
    });
  }
  if (header) throw new LineageFormatError('not a lineage file: it is empty');
  return rows;
}

/**
 * Line reference → record ids, for the revision diff. Keys: every row's line (a figure path),
 * each element key it lies under (`customers[C-001]`, so that a figure without rows of its own,
 * like a product's merchant_share, takes its line's records), and the totals each figure feeds
 * (FIGURE_TOTALS, COMPOSITE_TOTALS). Ids in file order; an id repeated on one key is kept once.
 */
export function lineageIndex(content: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const push = (key: string, id: string): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [id]);
    else if (list[list.length - 1] !== id) list.push(id);
  };
  const composites = Object.entries(COMPOSITE_TOTALS);
  const enclosing = new Map<string, string[]>();
  for (const row of parseLineageCsv(content)) {
    push(row.line, row.record_id);
    let parents = enclosing.get(row.line);
    if (parents === undefined) {
      parents = enclosingElementKeys(row.line);
      enclosing.set(row.line, parents);
    }
    for (const p of parents) push(p, row.record_id);
    for (const t of FIGURE_TOTALS[row.figure] ?? []) push(t, row.record_id);
    for (const [path, figures] of composites) if (figures.includes(row.figure)) push(path, row.record_id);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// What `reckon explain` shows

/** One figure and the rows behind it. */
export interface ExplainTarget {
  path: string;
  /** The shown (2-decimal) value from the statement, when the path names one. */
  shown: string | undefined;
  /** The statement's full-precision value beside it (`*_exact`), when it has one. */
  exact: string | undefined;
  rows: LineageRow[];
  /** Exact Σ amount of the rows. */
  sum: string;
  /** Whether the figure is a sum of its rows (false for a line's derived field, e.g. a product's merchant_share). */
  comparable: boolean;
}

export interface ExplainSelection {
  /** `line`: a figure path; `element`: a line key or section (every line under it); `total`: a totals figure; `field`: a derived field of a line. */
  kind: 'line' | 'element' | 'total' | 'field';
  path: string;
  targets: ExplainTarget[];
  /** Every row selected, in file order. */
  rows: LineageRow[];
}

function sumOf(rows: readonly LineageRow[]): string {
  const acc = new ExactSum();
  for (const r of rows) acc.add(r.amount);
  return acc.value();
}

function target(document: unknown, path: string, rows: LineageRow[], comparable = true): ExplainTarget {
  const v = valueAt(document, path);
  return { path, shown: typeof v === 'string' ? v : undefined, exact: exactValueAt(document, path), rows, sum: sumOf(rows), comparable };
}

/**
 * Resolves what `reckon explain` is asked for, in this order: a line of the file (a figure path,
 * `customers[C-001].consumption`); a line key or section (`customers[C-001]`, `referral`: every
 * line under it); a totals figure (`totals.consumption`, `corrections.total`, `totals.settlement`,
 * or a figure name like `consumption`: every row of that figure); a field of a traced line that
 * is not a line itself (`services[X].performance` = its consumption + refunds lines;
 * `products[P].merchant_share`: the line's records, not comparable). Undefined when nothing matches.
 */
export function selectLineage(document: unknown, rows: readonly LineageRow[], what: string): ExplainSelection | undefined {
  const byLine = new Map<string, LineageRow[]>();
  for (const r of rows) {
    const list = byLine.get(r.line);
    if (list) list.push(r);
    else byLine.set(r.line, [r]);
  }
  const exact = byLine.get(what);
  if (exact) return { kind: 'line', path: what, targets: [target(document, what, exact)], rows: exact };

  const under = [...byLine.keys()].filter((line) => line.startsWith(`${what}.`) || line.startsWith(`${what}[`));
  if (under.length > 0) {
    const selected = rows.filter((r) => r.line.startsWith(`${what}.`) || r.line.startsWith(`${what}[`));
    return { kind: 'element', path: what, targets: under.map((line) => target(document, line, byLine.get(line)!)), rows: selected };
  }

  const figures = figuresOfTotal(what, rows);
  if (figures) {
    const selected = rows.filter((r) => figures.figures.includes(r.figure));
    return { kind: 'total', path: figures.path, targets: [target(document, figures.path, selected)], rows: selected };
  }

  const segments = parseFigurePath(what);
  const last = segments?.[segments.length - 1];
  const element = segments?.[segments.length - 2];
  if (last && 'name' in last && element && 'key' in element) {
    // `<section>[<key>].<field>`: a traced figure of an element the statement has, without records here.
    const elementPath = what.slice(0, what.length - last.name.length - 1);
    const section = elementPath.slice(0, elementPath.length - element.key.length - 2);
    if (TRACED_FIELDS[section]?.includes(last.name) && valueAt(document, elementPath) !== undefined) {
      return { kind: 'line', path: what, targets: [target(document, what, [])], rows: [] };
    }
  }
  if (last && 'name' in last && what.length > last.name.length + 1) {
    const element = what.slice(0, what.length - last.name.length - 1);
    const ofElement = rows.filter((r) => r.line.startsWith(`${element}.`) || r.line.startsWith(`${element}[`));
    if (ofElement.length > 0) {
      const siblings = FIELD_ALIASES[last.name]?.map((f) => `${element}.${f}`);
      const aliased = siblings ? ofElement.filter((r) => siblings.includes(r.line)) : [];
      if (aliased.length > 0) return { kind: 'field', path: what, targets: [target(document, what, aliased)], rows: aliased };
      return { kind: 'field', path: what, targets: [target(document, what, ofElement, false)], rows: ofElement };
    }
  }
  return undefined;
}

function figuresOfTotal(what: string, rows: readonly LineageRow[]): { path: string; figures: string[] } | undefined {
  const composite = COMPOSITE_TOTALS[what];
  if (composite) return { path: what, figures: [...composite] };
  const figures = Object.entries(FIGURE_TOTALS).filter(([, paths]) => paths.includes(what)).map(([f]) => f);
  if (figures.length > 0) return { path: what, figures };
  if (rows.some((r) => r.figure === what) || what in FIGURE_TOTALS) {
    return { path: FIGURE_TOTALS[what]?.[0] ?? what, figures: [what] };
  }
  return undefined;
}

/** Whether Σ rows, rounded half-up to 2 decimals (DOMAIN §2), equals the shown figure; the difference (shown − rounded sum) otherwise. */
export function compareWithShown(sum: string, shown: string): { rounded: string; matches: boolean; difference: string } {
  const rounded = roundAmount(sum, DEFAULT_ROUNDING);
  const difference = roundAmount(subtractDecimal(shown, rounded), DEFAULT_ROUNDING);
  return { rounded, matches: compareDecimal(rounded, shown) === 0, difference };
}

/** Some valid line keys of a file, for an error message: section keys first, then totals. */
export function sampleLineKeys(rows: readonly LineageRow[], count = 8): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = enclosingElementKeys(r.line).pop() ?? r.line;
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
      if (keys.length >= count) break;
    }
  }
  const totals = [...new Set(rows.map((r) => FIGURE_TOTALS[r.figure]?.[0]).filter((t): t is string => t !== undefined))].sort();
  return [...keys, ...totals.slice(0, 4)];
}

/** Options of the statement JSON renderers: with `lineageFile`, each traced line refers to its lineage rows. */
export interface StatementJsonOptions {
  /** Name of the statement's lineage file (beside it), e.g. `statement.lineage.csv`. */
  lineageFile?: string;
}

/** The document a JSON renderer writes: as built, or with lineage references when asked for. */
export function documentWithLineage<T extends object>(document: T, kind: StatementKind, options: StatementJsonOptions | undefined): T | Record<string, unknown> {
  return options?.lineageFile === undefined ? document : withLineageRefs(document, kind, options.lineageFile);
}
