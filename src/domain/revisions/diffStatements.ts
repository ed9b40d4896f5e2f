import { Dec } from '../money/decimal';
import { compareText } from '../text/compareText';

/**
 * The revision diff (DOMAIN §3): what changed between revision n and n+1 of a reopened period,
 * figure by figure, and which records caused it. Pure: it compares the stored statement
 * documents, so it knows nothing of how a figure was computed and works for every statement
 * kind, including fields added later.
 */

export type StatementKind = 'partner' | 'settlement' | 'incentive';

export interface RevisionStatement {
  kind: StatementKind;
  subjectId: string;
  currency: string;
  /** Path inside the revision folder, e.g. partners/P-001/statement.json. */
  file: string;
  /** The statement object as stored (statement.json, settlement.json, incentive.json). */
  document: unknown;
  /**
   * Line reference → ids of the records behind it. A line reference is a figure path or one of
   * its enclosing paths as `flattenFigures` spells them (`customers[C-001]`, `totals`, …); a
   * figure takes the lineage of its nearest path that has an entry. May be absent.
   */
  lineage?: ReadonlyMap<string, readonly string[]>;
}

export interface FigureChange {
  field: string;
  old: string;
  new: string;
  /** new − old, exact. */
  difference: string;
  /** Present when the figure's line has lineage on either side. */
  records_added?: string[];
  records_removed?: string[];
}

export type StatementDiffStatus = 'added' | 'removed' | 'changed';

export interface StatementDiff {
  kind: StatementKind;
  subject_id: string;
  currency: string;
  file: string;
  status: StatementDiffStatus;
  changes: FigureChange[];
  records_added: string[];
  records_removed: string[];
}

export interface RevisionDiffSummary {
  statements_changed: number;
  statements_added: number;
  statements_removed: number;
  figures_changed: number;
}

export interface RevisionDiff {
  period: string;
  from_revision: number | null;
  to_revision: number;
  first_close: boolean;
  statements: StatementDiff[];
  summary: RevisionDiffSummary;
}

export interface DiffRevisionsInput {
  period: string;
  /** The last committed revision, or null when the period was never closed. */
  fromRevision: number | null;
  toRevision: number;
  before: readonly RevisionStatement[];
  after: readonly RevisionStatement[];
}

/** One shown amount of a document. */
export interface Figure {
  /** e.g. `totals.amount_due`, `customers[C-001].consumption`. */
  field: string;
  /** The 2-decimal string as stored. */
  value: string;
  /** The lineage keys that apply, nearest first: the field itself, then each enclosing path. */
  refs: string[];
}

/** Shown amounts are money strings with exactly 2 decimals (DOMAIN §6). */
const AMOUNT = /^-?\d+\.\d{2}$/;

/**
 * Natural ids of array elements, most specific first. This deviates from a plain "customer_id
 * first" order on purpose: a settlement refund line carries record_id *and* product_id, and only
 * record_id is unique; a five-day netting line carries trade_id and product_id; an invoice-list
 * line carries payment_request_no and product_class. Real names from the statement types are
 * included (service_type_code, program, coupon_id) beside the generic ones.
 */
const KEY_FIELDS = [
  'record_id', 'trade_id', 'payment_request_no', 'coupon_id', 'customer_id', 'partner_id', 'product_id', 'order_id',
  'original_period', 'service_type_code', 'service_type', 'program', 'program_id', 'class', 'key', 'id',
] as const;
/** Lines without an id (settlement `cascade`, `carried`) are keyed by what they describe, e.g. `payable/joint/2026-10`. */
const COMPOSITE_KEY_FIELDS = ['step', 'kind', 'product_class', 'from_period'] as const;

const ID_NAMES: ReadonlySet<string> = new Set<string>([...KEY_FIELDS, ...COMPOSITE_KEY_FIELDS]);

/**
 * Fields that look like amounts but are not money: rates and ratios ("0.05") would otherwise
 * match the 2-decimal pattern; `*_exact` repeat a shown figure at full precision; ids are names.
 */
function isSkippedName(name: string): boolean {
  return name === 'revision' || name.endsWith('_exact') || name === 'rate' || name.endsWith('_rate') ||
    name.endsWith('_ratio') || name === 'extra_merchant_share' || ID_NAMES.has(name);
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Key of each element: its natural id, else a composite of what it describes, else its index; repeats get `#2`, `#3`.
 * Exported for the lineage references (statement lines and their lineage rows use these same keys).
 */
export function elementKeys(items: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item, index) => {
    let key: string | undefined;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      for (const f of KEY_FIELDS) if ((key = idText(record[f])) !== undefined) break;
      if (key === undefined) {
        const parts = COMPOSITE_KEY_FIELDS.map((f) => idText(record[f])).filter((p): p is string => p !== undefined);
        if (parts.length > 0) key = parts.join('/');
      }
    }
    key ??= String(index);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}#${count}`;
  });
}

/** Every shown amount of a statement document, in document order, with its path. */
export function flattenFigures(document: unknown): Figure[] {
  const out: Figure[] = [];
  const visit = (value: unknown, path: string, enclosing: readonly string[]): void => {
    if (typeof value === 'string') {
      if (path !== '' && AMOUNT.test(value)) out.push({ field: path, value, refs: [path, ...enclosing] });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const inner = path === '' ? enclosing : [path, ...enclosing];
    if (Array.isArray(value)) {
      const keys = elementKeys(value);
      value.forEach((item, i) => visit(item, `${path}[${keys[i]!}]`, inner));
      return;
    }
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      if (!isSkippedName(name)) visit(child, path === '' ? name : `${path}.${name}`, inner);
    }
  };
  visit(document, '', []);
  return out;
}

/** A fixed 2-decimal string; never "-0.00". */
function money(value: Dec): string {
  return (value.isZero() ? new Dec(0) : value).toFixed(2);
}

const KIND_ORDER: Record<StatementKind, number> = { partner: 0, settlement: 1, incentive: 2 };

type Lineage = ReadonlyMap<string, readonly string[]> | undefined;

/** Sorted ids in `after` and not in `before`. */
function idsOnlyIn(after: Iterable<string>, before: Iterable<string>): string[] {
  const exclude = new Set(before);
  return [...new Set(after)].filter((id) => !exclude.has(id)).sort(compareText);
}

function allRecords(lineage: Lineage): string[] {
  return lineage ? [...lineage.values()].flat() : [];
}

/** Records added/removed behind a figure's line, when either side has lineage for it. */
function lineRecords(refs: readonly string[], before: Lineage, after: Lineage): Pick<FigureChange, 'records_added' | 'records_removed'> {
  const ref = refs.find((r) => before?.has(r) || after?.has(r));
  if (ref === undefined) return {};
  const b = before?.get(ref) ?? [];
  const a = after?.get(ref) ?? [];
  return { records_added: idsOnlyIn(a, b), records_removed: idsOnlyIn(b, a) };
}

/** Changed figures: the after document's order first, then figures only in the before document. */
function diffFigures(before: RevisionStatement | undefined, after: RevisionStatement | undefined): FigureChange[] {
  const byField = (s: RevisionStatement | undefined): Map<string, Figure> => {
    const map = new Map<string, Figure>();
    // A repeated path cannot come from a well-formed document; the first one wins.
    for (const f of s ? flattenFigures(s.document) : []) if (!map.has(f.field)) map.set(f.field, f);
    return map;
  };
  const old = byField(before);
  const now = byField(after);
  const fields = [...now.keys(), ...[...old.keys()].filter((f) => !now.has(f))];
  const changes: FigureChange[] = [];
  for (const field of fields) {
    const o = new Dec(old.get(field)?.value ?? '0.00');
    const n = new Dec(now.get(field)?.value ?? '0.00');
    if (o.eq(n)) continue;
    const refs = (now.get(field) ?? old.get(field))!.refs;
    changes.push({ field, old: money(o), new: money(n), difference: money(n.minus(o)), ...lineRecords(refs, before?.lineage, after?.lineage) });
  }
  return changes;
}

function statementKey(s: RevisionStatement): string {
  return `${s.kind}\u0000${s.subjectId}\u0000${s.currency}`;
}

function indexStatements(list: readonly RevisionStatement[], side: string): Map<string, RevisionStatement> {
  const map = new Map<string, RevisionStatement>();
  for (const s of list) {
    const key = statementKey(s);
    // Two statements for one subject and currency would make the pairing ambiguous: a caller bug.
    if (map.has(key)) throw new Error(`duplicate ${s.kind} statement ${s.subjectId} ${s.currency} in ${side}`);
    map.set(key, s);
  }
  return map;
}

/**
 * Diff of revision `fromRevision` (the `before` statements) against `toRevision` (`after`).
 * Deterministic: the result does not depend on the order of the inputs.
 */
export function diffRevisions(input: DiffRevisionsInput): RevisionDiff {
  const { period, fromRevision, toRevision } = input;
  if (fromRevision === null && input.before.length > 0) throw new Error('a first close has no earlier statements to compare with');
  const before = indexStatements(input.before, 'before');
  const after = indexStatements(input.after, 'after');
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const statements: StatementDiff[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    const changes = diffFigures(b, a);
    const status: StatementDiffStatus = !b ? 'added' : !a ? 'removed' : 'changed';
    if (status === 'changed' && changes.length === 0) continue;
    const s = (a ?? b)!;
    statements.push({
      kind: s.kind,
      subject_id: s.subjectId,
      currency: s.currency,
      file: s.file,
      status,
      changes,
      records_added: idsOnlyIn(allRecords(a?.lineage), allRecords(b?.lineage)),
      records_removed: idsOnlyIn(allRecords(b?.lineage), allRecords(a?.lineage)),
    });
  }
  statements.sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || compareText(x.subject_id, y.subject_id) || compareText(x.currency, y.currency));
  const count = (status: StatementDiffStatus): number => statements.filter((s) => s.status === status).length;
  return {
    period,
    from_revision: fromRevision,
    to_revision: toRevision,
    first_close: fromRevision === null,
    statements,
    summary: {
      statements_changed: count('changed'),
      statements_added: count('added'),
      statements_removed: count('removed'),
      figures_changed: statements.reduce((n, s) => n + s.changes.length, 0),
    },
  };
}
