import type { Database } from '../../adapters/store/openDatabase';
import type { CloseRunRow } from '../../adapters/store/closeStore';
import { readBillRecords } from '../../adapters/store/billRecordReader';
import { SpillArea, type SpillBucket } from '../../adapters/output/spillSort';
import { readBookedRecords } from '../../adapters/store/bookedRecords';
import { readMarketplaceRecords } from '../../adapters/store/marketplaceStore';
import type { PeriodView } from '../../adapters/store/periodView';
import { serviceOfOrders } from '../../adapters/store/reconcileQueries';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex, type AssociationIndex } from '../../domain/bills/attribution';
import { resellersOf } from '../../domain/bills/resellersOf';
import { performanceOf } from '../../domain/incentives/incentiveBuilder';
import type { IncentiveStatement } from '../../domain/incentives/incentiveStatement';
import type { SettlementStatement } from '../../domain/marketplace/settlementStatement';
import { paidOf } from '../../domain/records/identities';
import type { BillRecord, FeeRecord } from '../../domain/records/types';
import type { Association, ReferenceData } from '../../domain/reference/types';
import { elementKeys, type StatementKind } from '../../domain/revisions/diffStatements';
import { lineagePathOf, renderLineageChunks, valueAt, type LineageRow } from '../../domain/statements/lineage';
import { viewOfRun } from './runView';
import { DEFAULT_BILLING_ZONE } from '../../domain/period/period';
import { isoInZone } from '../../domain/period/zonedTime';

export { lineageIndex, parseLineageCsv, type LineageRow } from '../../domain/statements/lineage';

/** A statement of the run, as emitStatements has it: the document and where its JSON goes. */
export interface LineageStatement {
  kind: StatementKind;
  subjectId: string;
  currency: string;
  /** Path of the statement JSON inside the revision folder, e.g. `partners/P-001/statement.json`. */
  jsonPath: string;
  document: unknown;
}

export interface LineageOptions {
  /** Lineage rows held in memory before they are spilled to temp files (default LINEAGE_ROWS_HELD). */
  rowsHeld?: number;
  /** Billing zone the rule texts give instants in (default DEFAULT_BILLING_ZONE). */
  zone?: string;
  /** Sees every record of the view the bill pass attributes, with its association (the customer-manager views ride on this read). */
  observe?: (record: BillRecord, association: Association) => void;
}

/** Receives one lineage file as its CSV text in chunks (BOM and header first); may write them to disk as they come. */
export type LineageFileWriter = (path: string, chunks: Iterable<string>) => void | Promise<void>;

/**
 * The lineage files of a run's statements (docs/lineage.md): for each statement `X.json` a
 * `X.lineage.csv` (in the order given, one per statement, header only when nothing is traced)
 * naming, per figure line, each record behind it with its contribution and the rule that put it
 * there. Every file's whole text is returned: see writeLineageFiles for a period too large for that.
 */
export async function buildLineageFiles(
  db: Database,
  run: CloseRunRow,
  statements: readonly LineageStatement[],
  options: LineageOptions = {},
): Promise<{ path: string; content: string }[]> {
  const content = new Map<string, string>();
  await writeLineageFiles(db, run, statements, (path, chunks) => {
    content.set(path, [...chunks].join(''));
  }, options);
  return statements.map((s) => ({ path: lineagePathOf(s.jsonPath), content: content.get(lineagePathOf(s.jsonPath))! }));
}

/**
 * The lineage files of a run's statements, handed to `write` one subject at a time (a partner's
 * bills in every currency, a merchant's settlements, a provider's incentive statement), each file
 * as chunks of CSV text. Rows are held as one short string each, at most LINEAGE_ROWS_HELD of
 * them over all statements (beyond, they are sorted and spilled to temp files and merged back as
 * each file is written): a writer that streams the chunks to disk keeps memory bounded whatever
 * the size of the period or of its largest statement.
 *
 * The view's records are read once, in storage order, and routed by the same domain functions the
 * compute passes use: partner bills by the association at trade_time (attributeRecord), a
 * reseller's records to its distributor too (resellersOf), late records the run booked
 * (readBookedRecords) as prior-period corrections; settlements by seller and currency, refunds by
 * the statement's own refund lines (their original order and ratio); incentives by the
 * association at trade_time in the provider's currency, a refund to the service of its original
 * order (serviceOfOrders).
 */
export async function writeLineageFiles(
  db: Database,
  run: CloseRunRow,
  statements: readonly LineageStatement[],
  write: LineageFileWriter,
  options: LineageOptions = {},
): Promise<void> {
  const reference = await loadReferenceData(db, run.watermark);
  const context = new TraceContext(db, run, reference, options.zone ?? DEFAULT_BILLING_ZONE);
  const subjects = new Map<string, LineageStatement[]>();
  for (const s of statements) {
    const key = `${s.kind}${SEP}${s.subjectId}`;
    subjects.set(key, [...(subjects.get(key) ?? []), s]);
  }
  const groups = [...subjects.values()];
  const spill = new SpillArea(options.rowsHeld ?? LINEAGE_ROWS_HELD);
  try {
    const rules = new RuleTable();
    const sinksOf = (group: readonly LineageStatement[]) => new Map(group.map((s) => [s.currency, new LineageSink(spill.bucket(), rules)] as const));
    const flush = async (group: readonly LineageStatement[], sinks: ReadonlyMap<string, LineageSink>) => {
      for (const s of group) await write(lineagePathOf(s.jsonPath), renderLineageChunks(sinks.get(s.currency)!.rows()));
    };
    const traced = groups.filter((g) => g[0]!.kind !== 'settlement').map((group) => ({ group, sinks: sinksOf(group) }));
    await traceBillRecords(context, traced, options.observe);
    for (const { group, sinks } of traced) await flush(group, sinks);
    for (const group of groups.filter((g) => g[0]!.kind === 'settlement')) {
      const sinks = sinksOf(group);
      await traceSettlements(context, group, sinks);
      await flush(group, sinks);
    }
  } finally {
    spill.close();
  }
}

/**
 * Lineage rows held in memory at once, over all statements: beyond it, every statement's rows
 * are sorted and spilled to a temp file (SpillArea), and merged back when its file is written.
 * About 100 bytes a row: tens of MiB whatever the period's size.
 */
const LINEAGE_ROWS_HELD = 200_000;

/**
 * The partner bills and incentive statements of the run, traced in one sequential read of the
 * view's records (never a read per customer): each record is attributed once and routed to the
 * partner bills and the incentive statement it counts on.
 */
async function traceBillRecords(
  context: TraceContext, traced: readonly { group: readonly LineageStatement[]; sinks: ReadonlyMap<string, LineageSink> }[],
  observe: LineageOptions['observe'],
): Promise<void> {
  // Nothing to trace (a closed period's files all in place): no read of the period at all.
  if (traced.length === 0) return;
  const partners = new PartnerTracer(context, traced.filter((t) => t.group[0]!.kind === 'partner'));
  // One tracer per incentive statement: a provider has one per currency its customers' records are in.
  const incentives = traced.filter((t) => t.group[0]!.kind === 'incentive').flatMap((t) => t.group.map((s) => new IncentiveTracer(context, [s], t.sinks)));
  const incentiveOf = new Map(incentives.map((t) => [`${t.target.subjectId}|${t.target.currency}`, t]));
  await readBillRecords(context.db, context.view, { kind: 'all' }, async (records) => {
    for (const record of records) {
      const association = attributeRecord(context.index, record.customerId, record.tradeTimeMs);
      if (!association) continue;
      observe?.(record, association);
      partners.add(record, association);
      if (record.kind !== 'adjustment') incentiveOf.get(`${association.partnerId}|${record.currency}`)?.add(record, association);
    }
    // A batch is CPU work: give timers (queue lock renewal) a turn before the next one.
    await new Promise(setImmediate);
  });
  await partners.addBooked();
  for (const t of incentives) await t.finish();
}

/** What every subject's tracing shares: the view, the reference data, and the few inputs read once (late records, marketplace records). */
class TraceContext {
  readonly view: PeriodView;
  readonly index: AssociationIndex;
  readonly words: AssociationWords;
  private booked: Promise<BillRecord[]> | undefined;
  private marketplace: Promise<Map<string, FeeRecord[]>> | undefined;

  constructor(readonly db: Database, readonly run: CloseRunRow, readonly reference: ReferenceData, zone: string) {
    this.view = viewOfRun(run);
    this.words = new AssociationWords(zone);
    this.index = buildAssociationIndex(reference.associations);
  }

  /** The late records the run books as corrections (few: read once). */
  bookedRecords(): Promise<BillRecord[]> {
    this.booked ??= readBookedRecords(this.db, this.run.id);
    return this.booked;
  }

  /** As computeSettlements groups them: the view's marketplace records by the record's seller and currency (read whole, once). */
  marketplaceRecords(): Promise<Map<string, FeeRecord[]>> {
    this.marketplace ??= readMarketplaceRecords(this.db, this.view).then((records) => {
      const bySettlement = new Map<string, FeeRecord[]>();
      for (const r of records) {
        const key = `${r.sellerId}${SEP}${r.currency}`;
        const list = bySettlement.get(key);
        if (list) list.push(r);
        else bySettlement.set(key, [r]);
      }
      return bySettlement;
    });
    return this.marketplace;
  }
}

// ---------------------------------------------------------------------------------------------
// Rows of one statement, compactly

const SEP = '\u0000';

/**
 * Rule texts by number: a lineage row carries its rule's number until it is written. A rule is
 * given as its parts (joined by `; `), found through one map per part: the parts are memoised
 * or constant strings whose hashes V8 keeps, so a record costs no new rule string.
 */
class RuleTable {
  private readonly texts: string[] = [];
  private readonly root: RuleNode = { next: new Map(), id: undefined };

  idOf(parts: readonly string[]): number {
    let node = this.root;
    for (const part of parts) {
      let next = node.next.get(part);
      if (next === undefined) {
        next = { next: new Map(), id: undefined };
        node.next.set(part, next);
      }
      node = next;
    }
    if (node.id === undefined) {
      node.id = this.texts.length;
      this.texts.push(parts.join('; '));
    }
    return node.id;
  }

  text(id: number): string {
    return this.texts[id]!;
  }
}

interface RuleNode {
  next: Map<string, RuleNode>;
  id: number | undefined;
}

/**
 * One statement's rows while records stream by: per line its figure, and one string per row
 * (`line␀kind␀id␀bill_cycle␀amount␀rule number`) in a spill bucket. Sorting the strings sorts by
 * line, then kind, then id (␀ sorts before any character of a line or id), then bill cycle.
 */
class LineageSink {
  private readonly figures = new Map<string, string>();

  constructor(private readonly bucket: SpillBucket, private readonly rules: RuleTable) {}

  /** `rule`: the rule's text, or its parts to be joined by `; `. */
  add(line: string, figure: string, kind: string, recordId: string, billCycle: string, amount: string, rule: string | readonly string[]): void {
    const known = this.figures.get(line);
    if (known === undefined) this.figures.set(line, figure);
    else if (known !== figure) throw new Error(`lineage line ${line} feeds ${known}, not ${figure}`);
    // Array.join builds one flat string (a template literal would leave a chain of cons strings).
    this.bucket.add([line, kind, recordId, billCycle, exactText(amount), this.rules.idOf(typeof rule === 'string' ? [rule] : rule)].join(SEP));
  }

  /** The rows in file order: lines in code-unit order, then record kind, then record id. */
  *rows(): Generator<LineageRow> {
    for (const encoded of this.bucket.sorted()) {
      const [line, record_kind, record_id, bill_cycle, amount, rule] = encoded.split(SEP) as [string, string, string, string, string, string];
      yield { line, figure: this.figures.get(line)!, record_kind, record_id, bill_cycle, amount, rule: this.rules.text(Number(rule)) };
    }
  }
}

/** A canonical exact decimal with at least 2 decimals ("7.5" → "7.50"), every digit kept. */
function exactText(value: string): string {
  const dot = value.indexOf('.');
  if (dot < 0) return `${value}.00`;
  return value.length - dot === 2 ? `${value}0` : value;
}

/**
 * The line keys of a traced section (`customers`, `refunds`, …) as flattenFigures spells them
 * (elementKeys of the document's array), by the element's natural id (`idOf`).
 */
function sectionKeys(document: unknown, section: string, idOf: (item: Record<string, unknown>) => string | undefined): Map<string, string> {
  const items = valueAt(document, section);
  const keys = new Map<string, string>();
  if (!Array.isArray(items)) return keys;
  const elementKey = elementKeys(items);
  items.forEach((item, i) => {
    const id = item !== null && typeof item === 'object' ? idOf(item as Record<string, unknown>) : undefined;
    if (id !== undefined && !keys.has(id)) keys.set(id, elementKey[i]!);
  });
  return keys;
}

/** The natural id of an element: one of its fields, or several joined by ␀. */
function byFields(...fields: string[]): (item: Record<string, unknown>) => string | undefined {
  return (item) => (fields.every((f) => typeof item[f] === 'string') ? fields.map((f) => item[f] as string).join(SEP) : undefined);
}

function lineOf(section: string, keys: ReadonlyMap<string, string>, id: string, field: string): string {
  return `${section}[${keys.get(id) ?? id.split(SEP).join('/')}].${field}`;
}


/** `resale customer of P-002 (reseller of P-001) (association valid 2026-01-01T08:00:00+08:00..open covers trade_time)`, memoised per association and bill. */
class AssociationWords {
  private readonly memo = new Map<Association, Map<string, string>>();

  constructor(private readonly zone: string) {}

  of(association: Association, billPartnerId: string): string {
    let bySubject = this.memo.get(association);
    if (bySubject === undefined) {
      bySubject = new Map();
      this.memo.set(association, bySubject);
    }
    let words = bySubject.get(billPartnerId);
    if (words === undefined) {
      const who = association.partnerId === billPartnerId ? association.partnerId : `${association.partnerId} (reseller of ${billPartnerId})`;
      const until = association.validToMs === undefined ? 'open' : isoInZone(association.validToMs, this.zone);
      words = `${association.associationType} customer of ${who} (association valid ${isoInZone(association.validFromMs, this.zone)}..${until} covers trade_time)`;
      bySubject.set(billPartnerId, words);
    }
    return words;
  }
}

// ---------------------------------------------------------------------------------------------
// Partner bills (DOMAIN §5.1)

const PARTNER_RULE: Readonly<Record<BillRecord['kind'], { field: 'consumption' | 'refunds' | 'adjustments'; text: string }>> = {
  consumption: { field: 'consumption', text: 'DOMAIN §5.1 consumption = sum of payable' },
  refund: { field: 'refunds', text: 'DOMAIN §5.1 refunds = sum of payable of refund records' },
  adjustment: { field: 'adjustments', text: 'DOMAIN §5.1 adjustments = sum of signed adjustments' },
};

interface PartnerTarget {
  sink: LineageSink;
  customers: Map<string, string>;
  referral: Map<string, string>;
  corrections: Map<string, string>;
}

/**
 * The partner bills (one per currency each). As computePartnerBills routes: a record attributed
 * to a partner or to one of its resellers (resellersOf) is on that partner's bill, in the
 * record's currency; late records the run books are prior-period corrections.
 */
class PartnerTracer {
  private readonly receivers = new Map<string, { subject: string; targets: Map<string, PartnerTarget> }[]>();

  constructor(private readonly context: TraceContext, traced: readonly { group: readonly LineageStatement[]; sinks: ReadonlyMap<string, LineageSink> }[]) {
    for (const { group, sinks } of traced) {
      const subject = group[0]!.subjectId;
      const targets = new Map<string, PartnerTarget>(group.map((s) => [s.currency, {
        sink: sinks.get(s.currency)!,
        customers: sectionKeys(s.document, 'customers', byFields('customer_id')),
        referral: sectionKeys(s.document, 'referral.customers', byFields('customer_id')),
        corrections: sectionKeys(s.document, 'corrections.lines', byFields('original_period')),
      }]));
      for (const routed of new Set([subject, ...resellersOf(context.reference.partners, subject)])) {
        this.receivers.set(routed, [...(this.receivers.get(routed) ?? []), { subject, targets }]);
      }
    }
  }

  add(record: BillRecord, association: Association): void {
    for (const r of this.receivers.get(association.partnerId) ?? []) {
      const target = r.targets.get(record.currency);
      if (target) addPartnerRecord(target, record, association, record.billCycle || this.context.run.period, this.context.words.of(association, r.subject));
    }
  }

  /** Late records of closed periods the run books: prior-period corrections under their own period (never referral ones). */
  async addBooked(): Promise<void> {
    const { index, words } = this.context;
    for (const record of await this.context.bookedRecords()) {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      if (!association || association.associationType === 'referral') continue;
      for (const r of this.receivers.get(association.partnerId) ?? []) {
        const target = r.targets.get(record.currency);
        if (!target) continue;
        const amount = record.kind === 'adjustment' ? record.signedAmount : record.amounts.payable;
        target.sink.add(
          lineOf('corrections.lines', target.corrections, record.billCycle, 'amount'), 'corrections', record.kind, record.recordId, record.billCycle, amount,
          `late ${record.kind} record of ${record.billCycle} booked as prior-period correction (DOMAIN §3); ${words.of(association, r.subject)}`,
        );
      }
    }
  }
}

function addPartnerRecord(target: PartnerTarget, record: BillRecord, association: Association, billCycle: string, who: string): void {
  if (association.associationType === 'referral') {
    // Reported for performance, not billed; a referral customer's adjustments are on no figure (counted only).
    if (record.kind === 'adjustment') return;
    const field = record.kind === 'consumption' ? 'consumption' : 'refunds';
    target.sink.add(
      lineOf('referral.customers', target.referral, record.customerId, field), `referral_${field}`, record.kind, record.recordId, billCycle,
      record.amounts.payable, [who, 'reported for performance, not billed (DOMAIN §5.1)'],
    );
    return;
  }
  const rule = PARTNER_RULE[record.kind];
  const amount = record.kind === 'adjustment' ? record.signedAmount : record.amounts.payable;
  target.sink.add(lineOf('customers', target.customers, record.customerId, rule.field), rule.field, record.kind, record.recordId, billCycle, amount, [who, rule.text]);
}

// ---------------------------------------------------------------------------------------------
// Marketplace settlements (DOMAIN §5.2)

/** A merchant's settlements (one per currency), from the view's marketplace records and the late ones the run books. */
async function traceSettlements(context: TraceContext, statements: readonly LineageStatement[], sinks: ReadonlyMap<string, LineageSink>): Promise<void> {
  const bySettlement = await context.marketplaceRecords();
  // As computeSettlements: late marketplace records of closed earlier periods are the settlements' prior-period corrections.
  const late = (await context.bookedRecords()).filter((r): r is FeeRecord => r.kind !== 'adjustment' && r.providerType === MARKETPLACE && r.billCycle < context.run.period);
  for (const s of statements) {
    const doc = s.document as SettlementStatement;
    const sink = sinks.get(s.currency)!;
    traceSettlement(doc, bySettlement.get(`${s.subjectId}${SEP}${s.currency}`) ?? [], sink, context.run.period);
    traceSettlementCorrections(doc, late.filter((r) => r.sellerId === s.subjectId && r.currency === s.currency), sink);
  }
}

const MARKETPLACE = 2;

/** Each late record on its own corrections line (a document stored before corrections existed has none). */
function traceSettlementCorrections(doc: SettlementStatement, late: readonly FeeRecord[], sink: LineageSink): void {
  const lines = new Map((doc.corrections ?? []).map((l) => [l.record_id, l]));
  if (lines.size === 0) return;
  const keys = sectionKeys(doc, 'corrections', byFields('record_id'));
  for (const r of late) {
    const line = lines.get(r.recordId);
    if (line === undefined) continue;
    const what = line.kind === 'sale' ? `late sale of ${line.original_period} (order ${line.trade_id}, product ${line.product_id})` : `late refund of ${line.original_period} (order ${line.trade_id || '(none)'})`;
    const ratio = line.ratio_source === 'order'
      ? `split at the ratio ${line.merchant_ratio} of ${line.ratio_period}`
      : `order unknown: split at product ${line.product_id}'s ratio ${line.merchant_ratio} of ${line.ratio_period}`;
    const rule = `${what} booked as prior-period correction (DOMAIN §3), ${ratio}`;
    sink.add(lineOf('corrections', keys, r.recordId, 'paid'), 'corrections_paid', r.kind, r.recordId, r.billCycle, paidOf(r.amounts), `${rule}; paid = payable - coupon`);
    sink.add(lineOf('corrections', keys, r.recordId, 'merchant_part'), 'corrections', r.kind, r.recordId, r.billCycle, line.merchant_part, `${rule}; merchant's part`);
    sink.add(lineOf('corrections', keys, r.recordId, 'platform_part'), 'corrections_platform_part', r.kind, r.recordId, r.billCycle, line.platform_part, `${rule}; platform's part`);
  }
}

function traceSettlement(doc: SettlementStatement, records: readonly FeeRecord[], sink: LineageSink, period: string): void {
  const productKeys = sectionKeys(doc, 'products', byFields('product_id'));
  const refundKeys = sectionKeys(doc, 'refunds', byFields('record_id'));
  const fiveDayKeys = sectionKeys(doc, 'five_day_netting', byFields('trade_id'));
  const products = new Map(doc.products.map((p) => [p.product_id, p]));
  const refundLines = new Map(doc.refunds.map((r) => [r.record_id, r]));
  const byId = new Map(records.map((r) => [r.recordId, r]));
  for (const r of records) {
    const cycle = r.billCycle || period;
    if (r.kind === 'consumption') {
      const product = products.get(r.productId);
      const split = product ? `; the product's sales split at merchant ratio ${product.merchant_ratio} for the month` : '';
      sink.add(
        lineOf('products', productKeys, r.productId, 'paid'), 'gross', r.kind, r.recordId, cycle, paidOf(r.amounts),
        `marketplace sale of product ${r.productId} (seller ${r.sellerId}), paid = payable - coupon${split} (DOMAIN §5.2)`,
      );
      continue;
    }
    const line = refundLines.get(r.recordId);
    const how = line === undefined
      ? 'refund (DOMAIN §5.2)'
      : line.ratio_source === 'order'
        ? `refund of order ${line.original_trade_id} (${line.original_period}, product ${refundProduct(line.product_id, r)}) reversed at original order ratio ${line.merchant_ratio} (DOMAIN §5.2)`
        : `refund of unknown order ${line.original_trade_id || '(none)'} reversed at product ${line.product_id}'s ratio ${line.merchant_ratio} of this period (DOMAIN §5.2)`;
    sink.add(lineOf('refunds', refundKeys, r.recordId, 'paid'), 'refunds', r.kind, r.recordId, cycle, paidOf(r.amounts), `${how}; paid = payable - coupon`);
    if (line !== undefined) {
      sink.add(lineOf('refunds', refundKeys, r.recordId, 'merchant_share'), 'refunds_reversed', r.kind, r.recordId, cycle, line.merchant_share, `${how}; merchant's part`);
      sink.add(lineOf('refunds', refundKeys, r.recordId, 'platform_fee'), 'refunds_platform_fee', r.kind, r.recordId, cycle, line.platform_fee, `${how}; platform's part`);
    }
  }
  for (const f of doc.five_day_netting) {
    const rule = `five-day refund of order ${f.trade_id} of this period, shown netting the order (DOMAIN §5.2)`;
    for (const id of f.order_record_ids) {
      const r = byId.get(id);
      if (r) sink.add(lineOf('five_day_netting', fiveDayKeys, f.trade_id, 'order_paid'), 'five_day_order', r.kind, r.recordId, r.billCycle || period, paidOf(r.amounts), `${rule}; the order's sale`);
    }
    for (const id of f.refund_record_ids) {
      const r = byId.get(id);
      if (r) sink.add(lineOf('five_day_netting', fiveDayKeys, f.trade_id, 'refund_paid'), 'five_day_refund', r.kind, r.recordId, r.billCycle || period, paidOf(r.amounts), `${rule}; the refund`);
    }
  }
}

function refundProduct(lineProduct: string, record: FeeRecord): string {
  return lineProduct || record.productId;
}

// ---------------------------------------------------------------------------------------------
// Incentives (DOMAIN §5.3)

interface IncentiveTarget {
  subjectId: string;
  currency: string;
  sink: LineageSink;
  services: Map<string, string>;
  /** Prior-period correction lines by original period ␀ service (a document stored before corrections existed has none). */
  corrections: Map<string, string>;
  /** Service code → whether it counts toward totals.performance (false: policy 2, excluded). */
  counted: Map<string, boolean>;
}

/**
 * A solution provider's incentive statement. As computeIncentives: the records attributed to it
 * at trade_time, in its currency; a refund booked to the service of its original order (any
 * period), else its own; late records the run books are corrections per original period.
 */
class IncentiveTracer {
  readonly target: IncentiveTarget;
  private readonly refunds: { record: FeeRecord; who: string }[] = [];

  constructor(private readonly context: TraceContext, statements: readonly LineageStatement[], sinks: ReadonlyMap<string, LineageSink>) {
    const s = statements[0]!;
    const doc = s.document as IncentiveStatement;
    this.target = {
      subjectId: s.subjectId,
      currency: doc.currency,
      sink: sinks.get(s.currency)!,
      services: sectionKeys(doc, 'services', byFields('service_type_code')),
      corrections: sectionKeys(doc, 'corrections', byFields('original_period', 'service_type_code')),
      counted: new Map(doc.services.map((l) => [l.service_type_code, l.counts_toward_tier])),
    };
  }

  /** A record attributed to this provider (consumption now; refunds once their orders' services are known). */
  add(record: FeeRecord, association: Association): void {
    if (record.currency !== this.target.currency) return;
    const who = this.context.words.of(association, this.target.subjectId);
    if (record.kind === 'refund') this.refunds.push({ record, who });
    else addIncentiveRecord(this.target, record, record.serviceTypeCode, [who, 'consumption'], this.context.run.period);
  }

  async finish(): Promise<void> {
    const { db, run, index, words, view } = this.context;
    const target = this.target;
    const mine = (record: FeeRecord): string | undefined => {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      if (!association || association.partnerId !== target.subjectId || record.currency !== target.currency) return undefined;
      return words.of(association, target.subjectId);
    };
    // Late records of closed earlier periods the run books: corrections per original period and service.
    const late: { record: FeeRecord; who: string }[] = [];
    for (const record of await this.context.bookedRecords()) {
      if (record.kind === 'adjustment' || record.billCycle >= run.period) continue;
      const who = mine(record);
      if (who !== undefined) late.push({ record, who });
    }
    const serviceOfOrder = await serviceOfOrders(db, view, [...this.refunds, ...late].filter((r) => r.record.kind === 'refund').map((r) => r.record.originalTradeId));
    const booking = (record: FeeRecord): { service: string; words: string } => {
      if (record.kind !== 'refund') return { service: record.serviceTypeCode, words: 'consumption' };
      const service = serviceOfOrder.get(record.originalTradeId);
      return service === undefined
        ? { service: record.serviceTypeCode, words: `refund booked to its own service (original order ${record.originalTradeId || '(none)'} not found)` }
        : { service, words: `refund booked to service ${service} of its original order ${record.originalTradeId}` };
    };
    for (const { record, who } of this.refunds) {
      const { service, words: booked } = booking(record);
      addIncentiveRecord(target, record, service, [who, booked], run.period);
    }
    if (target.corrections.size === 0) return;
    for (const { record, who } of late) {
      const { service, words: booked } = booking(record);
      target.sink.add(
        lineOf('corrections', target.corrections, `${record.billCycle}${SEP}${service}`, 'performance'), 'corrections_performance', record.kind, record.recordId,
        record.billCycle, performanceOf(record),
        `late record of ${record.billCycle} booked as prior-period correction (DOMAIN §3); ${who}; ${booked}; performance of ${record.billCycle} at its rate`,
      );
    }
  }
}

/** `how`: the first parts of the rule (who, and how the record is booked). */
function addIncentiveRecord(target: IncentiveTarget, record: FeeRecord, service: string, how: readonly string[], period: string): void {
  const counted = target.counted.get(service) ?? true;
  const field = record.kind === 'refund' ? 'refunds' : 'consumption';
  const rule = [...how, counted
    ? 'performance = cash + credit + stored_value_card + debt (DOMAIN §5.3)'
    : 'service excluded by policy 2, not in totals.performance (DOMAIN §5.3)'];
  target.sink.add(
    lineOf('services', target.services, service, field), counted ? 'performance' : 'excluded_performance', record.kind, record.recordId,
    record.billCycle || period, performanceOf(record), rule,
  );
}
