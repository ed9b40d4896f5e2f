import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { runCloseInline } from '../../jobs/inlineRunner';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { buildLineageFiles, lineageIndex, parseLineageCsv, type LineageRow } from '../../src/app/close/buildLineage';
import { statementEntries, type StatementEntry } from '../../src/app/close/statementEntries';
import { getPeriod, getRun, type CloseRunRow } from '../../src/adapters/store/closeStore';
import type { PartnerStatement } from '../../src/domain/bills/partnerStatement';
import type { IncentiveStatement } from '../../src/domain/incentives/incentiveStatement';
import type { SettlementStatement } from '../../src/domain/marketplace/settlementStatement';
import { compareDecimal, ExactSum } from '../../src/domain/money/exactDecimal';
import { roundAmount } from '../../src/domain/money/rounding';
import { flattenFigures } from '../../src/domain/revisions/diffStatements';
import { renderJson } from '../../src/domain/statements/csvFormat';
import { renderIncentiveJson } from '../../src/domain/statements/renderIncentiveJson';
import { renderPartnerStatementJson } from '../../src/domain/statements/renderPartnerStatementJson';
import { renderSettlementJson } from '../../src/domain/statements/renderSettlementJson';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * Lineage against the statements: the demo's three months closed in order on a real store (the
 * later months book late records of the earlier ones as corrections), then, for every statement,
 * the lineage rows of each traced line add up to that line's figure, exactly where the statement
 * keeps the exact value and to the cent where it shows only the rounded one, and each line has
 * as many rows as the statement counts records. That ties every figure to the records behind it.
 */
const DEMO = join(__dirname, '../../fixtures/demo');
const PERIODS = ['2026-08', '2026-09', '2026-10'] as const;
const temp = makeTempDir('lineage');
let store: TestDatabase;
const out = join(temp.dir, 'out');
const NOW = '2026-11-05T04:00:00.000Z';

/**
 * Late records of 2026-08, delivered after it closed and booked by the 2026-10 close: a refund of a
 * 2026-08 marketplace order of M-ALPHA, ec2 consumption of a referral customer of the solution
 * provider P-S02 and of a resale customer of P-D02 (on its partner bill and its incentive).
 * They are the delivery fixtures/demo/late-2026-08 (see fixtures/demo/README.md).
 */
const LATE_DELIVERY = join(DEMO, 'late-2026-08');

const closed = new Map<string, { run: CloseRunRow; entries: StatementEntry[]; files: Map<string, string> }>();

beforeAll(async () => {
  store = await openTestDatabase('lineage');
  for (const period of PERIODS) {
    if (period === '2026-10') {
      await ingestDelivery(store.db, LATE_DELIVERY, { periodHint: '2026-08', zone: DEFAULT_CONFIG.zone, now: () => new Date(NOW) });
    }
    const outcome = await runCloseInline(
      { period, inputDir: join(DEMO, period), outDir: out },
      { db: store.db, config: DEFAULT_CONFIG, now: () => NOW, progress: () => undefined },
    );
    expect(outcome.status, period).toBe('closed');
    const run = await getRun(store.db, (await getPeriod(store.db, period))!.closedRunId!);
    const entries = await statementEntries(store.db, run.id);
    const files = await buildLineageFiles(store.db, run, entries.map((e) => ({ ...e, jsonPath: `${e.base}.json` })));
    closed.set(period, { run, entries, files: new Map(files.map((f) => [f.path, f.content])) });
  }
}, 120_000);
afterAll(async () => {
  await store?.cleanup();
  temp.cleanup();
});

function sum(rows: readonly LineageRow[]): string {
  const acc = new ExactSum();
  for (const r of rows) acc.add(r.amount);
  return acc.value();
}

function rowsOf(content: string): Map<string, LineageRow[]> {
  const byLine = new Map<string, LineageRow[]>();
  for (const r of parseLineageCsv(content)) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
  return byLine;
}

const under = (byLine: Map<string, LineageRow[]>, prefix: string): LineageRow[] =>
  [...byLine.entries()].filter(([line]) => line.startsWith(`${prefix}.`)).flatMap(([, rows]) => rows);
const exactly = (a: string, b: string) => compareDecimal(a, b) === 0;

function stripLineage(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLineage);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'lineage' && k !== 'lineage_file').map(([k, v]) => [k, stripLineage(v)]));
}

function plainJson(e: StatementEntry): string {
  if (e.kind === 'partner') return renderPartnerStatementJson(e.document as PartnerStatement);
  if (e.kind === 'settlement') return renderSettlementJson(e.document as SettlementStatement);
  return renderIncentiveJson(e.document as IncentiveStatement);
}

describe('lineage of the demo months', () => {
  it('gives one lineage file per statement, beside its JSON', () => {
    for (const period of PERIODS) {
      const { entries, files } = closed.get(period)!;
      expect(entries.length, period).toBeGreaterThanOrEqual(10);
      expect([...files.keys()].sort()).toEqual(entries.map((e) => `${e.base}.lineage.csv`).sort());
      for (const content of files.values()) expect(content.startsWith('\uFEFFline,figure,record_kind,record_id,bill_cycle,amount,rule\r\n')).toBe(true);
    }
  });

  it('partner bills: every customer, referral and correction line is the sum of its rows, and the totals too', () => {
    let corrections = 0;
    for (const period of PERIODS) {
      const { entries, files } = closed.get(period)!;
      for (const e of entries.filter((x) => x.kind === 'partner')) {
        const s = e.document as PartnerStatement;
        const byLine = rowsOf(files.get(`${e.base}.lineage.csv`)!);
        const where = `${period} ${e.base}`;
        for (const c of s.customers) {
          for (const f of ['consumption', 'refunds', 'adjustments'] as const) {
            expect(roundAmount(sum(byLine.get(`customers[${c.customer_id}].${f}`) ?? [])), `${where} ${c.customer_id} ${f}`).toBe(c[f]);
          }
          expect(under(byLine, `customers[${c.customer_id}]`).length, `${where} ${c.customer_id} records`).toBe(c.records);
        }
        for (const c of s.referral.customers) {
          for (const f of ['consumption', 'refunds'] as const) {
            expect(roundAmount(sum(byLine.get(`referral.customers[${c.customer_id}].${f}`) ?? [])), `${where} referral ${c.customer_id}`).toBe(c[f]);
          }
          expect(under(byLine, `referral.customers[${c.customer_id}]`).length).toBeLessThanOrEqual(c.records);
        }
        for (const l of s.corrections.lines) {
          const rows = byLine.get(`corrections.lines[${l.original_period}].amount`) ?? [];
          expect(exactly(sum(rows), l.amount_exact), `${where} correction ${l.original_period}`).toBe(true);
          expect(rows.length).toBe(l.records);
          corrections += rows.length;
        }
        const all = [...byLine.values()].flat();
        for (const f of ['consumption', 'refunds', 'adjustments', 'corrections'] as const) {
          expect(exactly(sum(all.filter((r) => r.figure === f)), s.totals_exact[f]), `${where} totals.${f}`).toBe(true);
        }
        const customerLines = [...byLine.keys()].filter((k) => k.startsWith('customers['));
        expect(new Set(customerLines.map((k) => k.slice(0, k.lastIndexOf('.')))).size, where).toBe(s.customers.length);
      }
    }
    expect(corrections, 'the demo books late records in a later month').toBeGreaterThan(0);
  });

  it('settlements: every product line is the sum of its sales, every refund line its record, the totals too', () => {
    let products = 0;
    let settlementCorrections = 0;
    for (const period of PERIODS) {
      const { entries, files } = closed.get(period)!;
      for (const e of entries.filter((x) => x.kind === 'settlement')) {
        const s = e.document as SettlementStatement;
        const byLine = rowsOf(files.get(`${e.base}.lineage.csv`)!);
        const where = `${period} ${e.base}`;
        for (const p of s.products) {
          const rows = byLine.get(`products[${p.product_id}].paid`) ?? [];
          expect(exactly(sum(rows), p.paid_exact), `${where} ${p.product_id}`).toBe(true);
          expect(rows.length, `${where} ${p.product_id} records`).toBe(p.records);
          products += 1;
        }
        for (const r of s.refunds) {
          const paid = byLine.get(`refunds[${r.record_id}].paid`) ?? [];
          expect(paid.map((x) => x.record_id)).toEqual([r.record_id]);
          expect(roundAmount(sum(paid))).toBe(r.paid);
          expect(exactly(sum(byLine.get(`refunds[${r.record_id}].merchant_share`) ?? []), r.merchant_share)).toBe(true);
        }
        for (const f of s.five_day_netting) {
          expect((byLine.get(`five_day_netting[${f.trade_id}].order_paid`) ?? []).map((r) => r.record_id)).toEqual([...f.order_record_ids].sort());
          expect(roundAmount(sum(byLine.get(`five_day_netting[${f.trade_id}].refund_paid`) ?? []))).toBe(f.refund_paid);
        }
        for (const c of s.corrections) {
          expect(exactly(sum(byLine.get(`corrections[${c.record_id}].merchant_part`) ?? []), c.merchant_part), `${where} correction ${c.record_id}`).toBe(true);
          expect(roundAmount(sum(byLine.get(`corrections[${c.record_id}].paid`) ?? []))).toBe(c.paid);
          settlementCorrections += 1;
        }
        if (s.corrections.length > 0) {
          expect(exactly(sum([...byLine.values()].flat().filter((r) => r.figure === 'corrections')), s.totals.corrections)).toBe(true);
        }
        const all = [...byLine.values()].flat();
        expect(exactly(sum(all.filter((r) => r.figure === 'refunds_reversed')), s.totals.refunds_reversed), `${where} refunds_reversed`).toBe(true);
        const paidExact = s.products.reduce((acc, p) => acc.add(p.paid_exact), new ExactSum()).value();
        expect(exactly(sum(all.filter((r) => r.figure === 'gross')), paidExact), `${where} gross`).toBe(true);
      }
    }
    expect(products).toBeGreaterThan(5);
    expect(settlementCorrections).toBe(1);
  });

  it('incentives: every service line is the sum of its records\' performance, and totals.performance too', () => {
    let services = 0;
    let incentiveCorrections = 0;
    for (const period of PERIODS) {
      const { entries, files } = closed.get(period)!;
      for (const e of entries.filter((x) => x.kind === 'incentive')) {
        const s = e.document as IncentiveStatement;
        const byLine = rowsOf(files.get(`${e.base}.lineage.csv`)!);
        const where = `${period} ${e.base}`;
        for (const l of s.services) {
          const rows = under(byLine, `services[${l.service_type_code}]`);
          expect(exactly(sum(rows), l.performance_exact), `${where} ${l.service_type_code}`).toBe(true);
          expect(rows.length, `${where} ${l.service_type_code} records`).toBe(l.records);
          expect(roundAmount(sum(byLine.get(`services[${l.service_type_code}].consumption`) ?? []))).toBe(l.consumption);
          expect(roundAmount(sum(byLine.get(`services[${l.service_type_code}].refunds`) ?? []))).toBe(l.refunds);
          services += 1;
        }
        const corrections = new Map<string, number>();
        for (const c of s.corrections) {
          const n = (corrections.get(c.original_period) ?? 0) + 1;
          corrections.set(c.original_period, n);
          const rows = byLine.get(`corrections[${n === 1 ? c.original_period : `${c.original_period}#${n}`}].performance`) ?? [];
          expect(exactly(sum(rows), c.performance_exact), `${where} correction ${c.original_period} ${c.service_type_code}`).toBe(true);
          expect(rows.length).toBe(c.records);
          incentiveCorrections += rows.length;
        }
        const counted = [...byLine.values()].flat().filter((r) => r.figure === 'performance');
        expect(roundAmount(sum(counted)), `${where} totals.performance`).toBe(s.totals.performance);
      }
    }
    expect(services).toBeGreaterThan(5);
    expect(incentiveCorrections).toBeGreaterThan(0);
  });

  it('the emitted files are these lineage files, and each traced JSON line refers to rows that exist', () => {
    for (const period of PERIODS) {
      const { run, entries, files } = closed.get(period)!;
      const dir = join(out, period, `rev-${run.revision}`);
      for (const e of entries) {
        const path = `${e.base}.lineage.csv`;
        expect(existsSync(join(dir, path)), path).toBe(true);
        expect(readFileSync(join(dir, path), 'utf8'), path).toBe(files.get(path));
        const json = JSON.parse(readFileSync(join(dir, `${e.base}.json`), 'utf8')) as Record<string, unknown>;
        const name = path.slice(path.lastIndexOf('/') + 1);
        expect(json.lineage_file).toBe(name);
        const index = lineageIndex(files.get(path)!);
        const refs: string[] = [];
        const collect = (value: unknown): void => {
          if (Array.isArray(value)) value.forEach(collect);
          else if (value !== null && typeof value === 'object') {
            for (const [k, v] of Object.entries(value)) {
              if (k === 'lineage' && typeof v === 'string') refs.push(v);
              else collect(v);
            }
          }
        };
        collect(json);
        // The references are additions only: without them the JSON is the plain rendering, byte for byte.
        expect(renderJson(stripLineage(json)), path).toBe(plainJson(e));
        for (const ref of refs) {
          expect(ref.startsWith(`${name}#`), ref).toBe(true);
          expect(index.get(ref.slice(name.length + 1))?.length ?? 0, `${path} ${ref}`).toBeGreaterThan(0);
        }
        // Every line of the lineage is a figure of the statement, spelled as the revision diff spells it.
        const fields = new Set(flattenFigures(e.document).map((f) => f.field));
        for (const line of rowsOf(files.get(path)!).keys()) expect(fields.has(line), `${path} ${line}`).toBe(true);
      }
    }
  });

  it('is deterministic: built again, byte-identical', async () => {
    const { run, entries, files } = closed.get('2026-09')!;
    const again = await buildLineageFiles(store.db, run, entries.map((e) => ({ ...e, jsonPath: `${e.base}.json` })));
    for (const f of again) expect(f.content, f.path).toBe(files.get(f.path));
  });

  it('with no statement to trace (a re-close whose files are all in place) it reads no record', async () => {
    const { run } = closed.get('2026-10')!;
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    store.db.knex.on('query', onQuery);
    try {
      expect(await buildLineageFiles(store.db, run, [])).toEqual([]);
    } finally {
      store.db.knex.removeListener('query', onQuery);
    }
    expect(queries.length).toBeGreaterThan(0); // the listener works: reference data was read
    expect(queries.filter((q) => /consumption_records|refund_records|adjustment_records/.test(q))).toEqual([]);
  });

  it('spilling rows to temp files and merging them back changes no byte', async () => {
    for (const period of PERIODS) {
      const { run, entries, files } = closed.get(period)!;
      const spilled = await buildLineageFiles(store.db, run, entries.map((e) => ({ ...e, jsonPath: `${e.base}.json` })), { rowsHeld: 7 });
      expect(spilled.map((f) => f.path)).toEqual([...files.keys()]);
      for (const f of spilled) expect(f.content, f.path).toBe(files.get(f.path));
    }
  });
});
