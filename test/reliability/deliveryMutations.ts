import { parse } from 'csv-parse/sync';
import { Prng } from '../helpers/prng';

/**
 * Seeded mutations of a delivery (file name → bytes) for the ingest fuzz test. Everything is
 * driven by one PRNG, so a seed and a case number give the same mutated bytes on every machine.
 */
export type Delivery = Map<string, Buffer>;

export const EXOTIC_NUMBERS = [
  '1e400', '-1e400', '1e-400', '-0', '+0', '0x10', '"1,000.00"', '1,000.00', 'NaN', 'Infinity', '-Infinity',
  '0.1234567890123456789012345678', '1234567890.1234567890123456789012345678', '1.3E-9', '1.3e+9', '.5', '5.', '１２',
  '999999999999999999', '1000000000000000000', '9'.repeat(119), '9'.repeat(200), '1e', '--1', ' 12 ', '1_000', '¥12', '12 CNY',
];
export const EXOTIC_PERIODS = [
  '0000-01', '0001-01', '1969-12', '1970-01', '9999-12', '2026-13', '2026-00', '２０２６-１０', '10000-01', '2026-1', '2026/10', '-2026-10', '2026-10-01',
];
export const EXOTIC_TIMES = [
  '0000-01-01T00:00:00+14:00', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59-12:00', '9999-12-31T23:59:59.999999999-23:59',
  '275760-09-13T00:00:00Z', '2026-02-30T00:00:00+08:00', '2026-10-03T24:00:00+08:00', '2026-10-03T08:15:00', '0000-01-01', '9999-12-31', '1900-01-01',
  '2026-10-03T08:15:00+99:99', '2026-10-03T08:15:00+08:00\u0000',
];
export const EXOTIC_IDS = [
  'X'.repeat(65), 'X'.repeat(64), '客户编号甲乙丙', '🦄🦄', `${'🦄'.repeat(33)}`, 'ID\u0000NUL', '\u0000', ' ', '=cmd|calc', '../../etc/passwd',
  'a\r\nb', '"quoted"', 'tab\there', '\uFEFFbom', '\uD800',
];
const BAD_UTF8 = [[0xff], [0xc3, 0x28], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

const PERIOD_COLUMNS = new Set(['bill_cycle', 'target_period', 'period', 'valid_from', 'valid_to']);
const TIME_COLUMNS = new Set(['trade_time', 'valid_from', 'valid_to']);
const ID_COLUMNS = new Set([
  'record_id', 'customer_id', 'partner_id', 'indirect_partner_id', 'seller_id', 'product_id', 'trade_id', 'coupon_id', 'original_trade_id',
  'parent_partner_id', 'service_type_code',
]);
const NUMBER_COLUMN = /amount|^(consumption|refunds|adjustments|rate|cap|platform_fee_rate|min_monthly_paid|extra_merchant_share|deposit_balance|invoice_tax_rate|min_period_performance|measure_id|bill_type|charging_mode|policy|provider_type)$/;

interface Table {
  bom: boolean;
  eol: string;
  rows: string[][];
}

function readTable(bytes: Buffer): Table | undefined {
  try {
    const rows = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    return rows.length === 0 ? undefined : { bom: bytes[0] === 0xef, eol: bytes.includes('\r\n') ? '\r\n' : '\n', rows };
  } catch {
    return undefined;
  }
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function writeTable(t: Table): Buffer {
  const text = t.rows.map((r) => r.map(quote).join(',')).join(t.eol) + t.eol;
  return Buffer.from(t.bom ? `\uFEFF${text}` : text, 'utf8');
}

type Mutation = (rng: Prng, files: Delivery) => string;

/** Sets one cell (row ≥ 1) of a column chosen by `wanted` to `value(rng)`; raw (unquoted) when the value starts with '"'. */
function setCell(wanted: (column: string) => boolean, values: readonly string[]): Mutation {
  return (rng, files) => {
    const candidates = [...files].flatMap(([name, bytes]) => {
      const table = readTable(bytes);
      const columns = table?.rows[0]?.map((c, i) => [c, i] as const).filter(([c]) => wanted(c)) ?? [];
      return table !== undefined && table.rows.length > 1 && columns.length > 0 ? [{ name, table, columns }] : [];
    });
    if (candidates.length === 0) return 'no such column';
    const { name, table, columns } = rng.pick(candidates);
    const [column, index] = rng.pick(columns);
    const row = 1 + rng.int(table.rows.length - 1);
    const value = rng.pick(values);
    table.rows[row]![index] = value;
    files.set(name, writeTable(table));
    return `${name} row ${row} ${column} = ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value)}`;
  };
}

function onBytes(describe: string, change: (rng: Prng, bytes: Buffer) => Buffer): Mutation {
  return (rng, files) => {
    const name = rng.pick([...files.keys()]);
    const before = files.get(name)!;
    const after = change(rng, before);
    files.set(name, after);
    return `${name}: ${describe} (${before.length} → ${after.length} bytes)`;
  };
}

const insertAt = (bytes: Buffer, at: number, insert: Buffer | number[]): Buffer =>
  Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at)]);

function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) if (i + 1 < bytes.length) starts.push(i + 1);
  return starts;
}

function onHeader(describe: string, change: (rng: Prng, header: string[]) => string[] | undefined): Mutation {
  return (rng, files) => {
    const name = rng.pick([...files.keys()]);
    const table = readTable(files.get(name)!);
    if (table === undefined) return `${name}: unreadable, header left`;
    const header = change(rng, [...table.rows[0]!]);
    if (header === undefined) table.rows.shift();
    else table.rows[0] = header;
    files.set(name, writeTable(table));
    return `${name}: ${describe} → ${JSON.stringify(header?.join(',').slice(0, 80) ?? '(no header)')}`;
  };
}

/** Every mutation, by name; a case applies a few of them, chosen by the PRNG. */
export const MUTATIONS: Record<string, Mutation> = {
  flipBytes: onBytes('bytes flipped', (rng, b) => {
    const out = Buffer.from(b);
    for (let n = 1 + rng.int(8); n > 0 && out.length > 0; n--) out[rng.int(out.length)] = rng.int(256);
    return out;
  }),
  truncateMidRow: onBytes('truncated', (rng, b) => b.subarray(0, rng.int(b.length))),
  truncateMidQuote: onBytes('opened a quote and truncated', (rng, b) => {
    const starts = lineStarts(b);
    const at = b.indexOf(44, rng.pick(starts));
    const cut = at === -1 ? b.length : at + 1;
    return Buffer.concat([b.subarray(0, cut), Buffer.from('"unterminated, cell'), rng.int(2) === 0 ? Buffer.alloc(0) : Buffer.from('\nmore,rows\n')]);
  }),
  renameHeader: onHeader('header column renamed', (rng, h) => { h[rng.int(h.length)] = rng.pick(['', 'BILL_CYCLE', 'record id', 'unknown', '\u0000']); return h; }),
  dropHeaderColumn: onHeader('header column dropped', (rng, h) => { h.splice(rng.int(h.length), 1); return h; }),
  duplicateHeaderColumn: onHeader('header column duplicated', (rng, h) => [...h, h[rng.int(h.length)]!]),
  missingHeader: onHeader('header removed', () => undefined),
  invalidUtf8: onBytes('invalid UTF-8 inserted', (rng, b) => insertAt(b, rng.int(b.length + 1), rng.pick(BAD_UTF8))),
  nulBytes: onBytes('NUL inserted', (rng, b) => {
    let out = b;
    for (let n = 1 + rng.int(3); n > 0; n--) out = insertAt(out, rng.int(out.length + 1), [0]);
    return out;
  }),
  hugeField: setCell(() => true, ['x'.repeat(1 << 20), '9'.repeat(1 << 20), `${'客'.repeat(1 << 18)}`]),
  exoticNumber: setCell((c) => NUMBER_COLUMN.test(c), EXOTIC_NUMBERS),
  exoticPeriod: setCell((c) => PERIOD_COLUMNS.has(c), EXOTIC_PERIODS),
  exoticTime: setCell((c) => TIME_COLUMNS.has(c), EXOTIC_TIMES),
  exoticId: setCell((c) => ID_COLUMNS.has(c), EXOTIC_IDS),
  junkCell: setCell(() => true, ['', ' ', '\u0000', '"', '\t', '=1+1', '\u202e', '\uFEFF', 'null', 'undefined', '[object Object]', '{}']),
  lineEndings: onBytes('line endings mixed', (rng, b) => {
    const text = b.toString('latin1').replace(/\r?\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\n', '\r\r\n']));
    return Buffer.from(text, 'latin1');
  }),
  bomInMiddle: onBytes('BOM inserted', (rng, b) => insertAt(b, rng.int(2) === 0 ? rng.pick(lineStarts(b)) : rng.int(b.length + 1), [0xef, 0xbb, 0xbf])),
  raggedRow: onBytes('a row lost or gained cells', (rng, b) => {
    const start = rng.pick(lineStarts(b).slice(1).concat([b.length]));
    return insertAt(b, start, Buffer.from(rng.int(2) === 0 ? 'only,three,cells\n' : `${',x'.repeat(60)}\n`));
  }),
  conflictingCopy: (rng, files) => {
    const name = rng.pick(['consumption.csv', 'refunds.csv', 'adjustments.csv'].filter((n) => files.has(n)));
    const table = name === undefined ? undefined : readTable(files.get(name)!);
    if (table === undefined || table.rows.length < 2) return 'no record file to copy from';
    const row = 1 + rng.int(table.rows.length - 1);
    const copy = [...table.rows[row]!];
    const amount = table.rows[0]!.findIndex((c) => c === 'payable_amount' || c === 'amount');
    if (amount >= 0) copy[amount] = `${copy[amount]}1`;
    table.rows.push(copy, [...table.rows[row]!]);
    files.set(name!, writeTable(table));
    return `${name}: row ${row} delivered again, once changed and once as it is`;
  },
  emptyFile: onBytes('emptied', (rng, b) => Buffer.from(rng.pick(['', '\uFEFF', '\n\n', '   ', b.subarray(0, Math.max(0, b.indexOf(10) + 1)).toString('utf8')]))),
};

/** Applies `count` random mutations to a copy of the delivery; returns the copy and what was done. */
export function mutateDelivery(rng: Prng, base: Delivery, count: number): { files: Delivery; done: string[] } {
  const files: Delivery = new Map(base);
  const names = Object.keys(MUTATIONS);
  const done: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = rng.pick(names);
    done.push(`${name}: ${MUTATIONS[name]!(rng, files)}`);
  }
  return { files, done };
}
