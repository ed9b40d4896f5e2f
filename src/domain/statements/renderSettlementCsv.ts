import type { CascadeStep } from '../marketplace/deductionCascade';
import type { SettlementStatement, SettlementTotals } from '../marketplace/settlementStatement';
import { renderCsv, type CsvCell } from './csvFormat';

/**
 * Columns of settlement.csv: one row per line of the settlement. `section` says which part
 * (statement, product, product.total, refund, refund.total, five_day_netting, correction,
 * correction.total, cascade, totals, deposit, carried, invoice, count); `key` identifies the line
 * within it (product id, refund or late record id, trade id, cascade step, totals field, payment
 * request number); `label` and
 * `detail` are text for a reader. The other columns:
 * - `product_id`, `product_class`: on every line about a product or a class, so that filtering
 *   on one product shows its sales, refunds and five-day pairs together;
 * - `from_period`: the period an amount comes from (a cascade step's period, a refund's
 *   original order period, a correction's original period, a carried item's period, the
 *   deposit's source settlement);
 * - `rate`: a product's platform fee rate, an invoice's tax rate; `ratio`: the merchant share
 *   ratio a split used; `tier_min_monthly_paid`, `tier_extra_merchant_share`: the share tier
 *   a product reached;
 * - `paid`, `merchant_share`, `platform_fee`: a split (sales, refunds, five-day pairs, and a
 *   correction's merchant and platform parts);
 *   `paid_exact`: a product's paid at full precision;
 * - `amount`: the one figure of a line (totals, cascade, deposit, carried, invoice amount);
 *   `net_of_tax`, `tax`: an invoice's tax split;
 * - `records`: counts (a product's sales records, valid orders).
 * The summary rows of a section are `<section>.total`, so filtering on a section gives exactly
 * its lines. Every figure of settlement.json appears in some row.
 */
export const SETTLEMENT_CSV_HEADER = [
  'section', 'key', 'label', 'detail', 'product_id', 'product_class', 'from_period',
  'rate', 'ratio', 'tier_min_monthly_paid', 'tier_extra_merchant_share',
  'paid', 'paid_exact', 'merchant_share', 'platform_fee', 'amount', 'net_of_tax', 'tax', 'records',
] as const;

type Column = (typeof SETTLEMENT_CSV_HEADER)[number];
type TextColumn = 'section' | 'key' | 'label' | 'detail' | 'product_id' | 'product_class' | 'from_period';
type Fields = Partial<Record<Exclude<Column, 'records'>, string>> & { section: string; records?: number };

const TEXT_COLUMNS: ReadonlySet<Column> = new Set<TextColumn>(['section', 'key', 'label', 'detail', 'product_id', 'product_class', 'from_period']);

/** Text columns are escaped by renderCsv; every other string is a plain number, written as such. */
function row(fields: Fields): CsvCell[] {
  return SETTLEMENT_CSV_HEADER.map((column): CsvCell => {
    if (column === 'records') return fields.records;
    const value = fields[column];
    if (value === undefined || TEXT_COLUMNS.has(column)) return value;
    return { amount: value };
  });
}

export const CASCADE_STEP_LABELS: Readonly<Record<CascadeStep, string>> = {
  period_net: 'net of the period',
  unpaid_brought_forward: 'unpaid balance brought forward',
  deduction_brought_forward: 'pending deduction brought forward',
  correction_balance: 'prior-period correction: balance owed to the merchant',
  correction_deduction: 'prior-period correction: deduction',
  deduction_absorbed: 'deduction absorbed by the balance',
  deducted_from_deposit: 'deducted from deposit',
  payback_receivable: 'payback receivable (merchant pays back)',
  deduction_carried_forward: 'deduction carried forward',
  payable: 'payable',
  unpaid_carried_forward: 'unpaid balance carried forward (below threshold)',
};

export const TOTAL_LABELS: Readonly<Record<keyof SettlementTotals, string>> = {
  gross: 'gross sales',
  merchant_share: 'merchant share',
  platform_fee: 'platform fee',
  refunds: 'refunds',
  refunds_reversed: 'refunds reversed (merchant part)',
  net: 'net',
  brought_forward: 'brought forward',
  deducted_from_deposit: 'deducted from deposit',
  payback_receivable: 'payback receivable',
  payable: 'payable',
  carried_forward: 'carried forward',
  refunds_platform_fee: 'refunds (platform part)',
  corrections: 'of which prior-period corrections (in brought forward)',
  receivable_brought_forward: 'payback receivable open before the period',
  receivable_carried_forward: 'payback receivable still open (carried forward)',
};

/** The totals in the order of settlement.json (TOTAL_LABELS is declared in that order). */
export const TOTAL_FIELDS = Object.keys(TOTAL_LABELS) as (keyof SettlementTotals)[];

/** The totals a statement carries (documents issued before receivables were tracked have fewer), with their amounts. */
export function shownTotals(t: SettlementTotals): { key: keyof SettlementTotals; amount: string }[] {
  return TOTAL_FIELDS.filter((key) => t[key] !== undefined).map((key) => ({ key, amount: t[key]! }));
}

function headerRows(s: SettlementStatement): CsvCell[][] {
  const statement = (key: string, label: string, detail?: string): CsvCell[] => row({ section: 'statement', key, label, detail });
  return [
    statement('statement_id', s.statement_id),
    statement('period', s.period),
    statement('revision', String(s.revision)),
    statement('seller_id', s.seller_id, s.seller_name),
    statement('currency', s.currency),
    statement('status', s.status, 'at issue'),
    statement('invoice_required', String(s.invoice_list.required)),
  ];
}

function productRows(s: SettlementStatement): CsvCell[][] {
  const rows = s.products.map((p) => row({
    section: 'product', key: p.product_id, product_id: p.product_id, product_class: p.product_class,
    rate: p.platform_fee_rate, ratio: p.merchant_ratio,
    tier_min_monthly_paid: p.tier?.min_monthly_paid, tier_extra_merchant_share: p.tier?.extra_merchant_share,
    paid: p.paid, paid_exact: p.paid_exact, merchant_share: p.merchant_share, platform_fee: p.platform_fee, records: p.records,
  }));
  const t = s.totals;
  rows.push(row({ section: 'product.total', label: 'total', paid: t.gross, merchant_share: t.merchant_share, platform_fee: t.platform_fee }));
  return rows;
}

function refundDetail(r: SettlementStatement['refunds'][number]): string {
  const order = r.original_trade_id === '' ? 'no original order' : `order ${r.original_trade_id}${r.ratio_source === 'unknown_order' ? ' unknown' : ''}`;
  const parts = [order, r.ratio_source === 'unknown_order' ? 'ratio of the product this period' : 'ratio of the order'];
  if (r.five_day_netted) parts.push('five-day netted');
  return parts.join('; ');
}

function refundRows(s: SettlementStatement): CsvCell[][] {
  const rows = s.refunds.map((r) => row({
    section: 'refund', key: r.record_id, label: r.refund_reason, detail: refundDetail(r),
    product_id: r.product_id, product_class: r.product_class, from_period: r.original_period, ratio: r.merchant_ratio,
    paid: r.paid, merchant_share: r.merchant_share, platform_fee: r.platform_fee,
  }));
  const t = s.totals;
  rows.push(row({ section: 'refund.total', label: 'total', paid: t.refunds, merchant_share: t.refunds_reversed, platform_fee: t.refunds_platform_fee }));
  return rows;
}

function fiveDayRows(s: SettlementStatement): CsvCell[][] {
  return s.five_day_netting.flatMap((f) => {
    const pair = { section: 'five_day_netting', key: f.trade_id, product_id: f.product_id };
    return [
      row({ ...pair, label: 'order', detail: f.order_record_ids.join(';'), paid: f.order_paid, merchant_share: f.order_merchant_share, platform_fee: f.order_platform_fee }),
      row({ ...pair, label: 'refund', detail: f.refund_record_ids.join(';'), paid: f.refund_paid, merchant_share: f.refund_merchant_share, platform_fee: f.refund_platform_fee }),
      // The type carries no net platform fee; the cell stays empty rather than computed here.
      row({ ...pair, label: 'net', paid: f.net_paid, merchant_share: f.net_merchant_share }),
    ];
  });
}

function correctionRows(s: SettlementStatement): CsvCell[][] {
  const lines = s.corrections ?? [];
  if (lines.length === 0) return [];
  const rows = lines.map((c) => row({
    section: 'correction', key: c.record_id, label: c.kind,
    detail: `late record of ${c.original_period}; ${c.trade_id === '' ? 'no order' : `order ${c.trade_id}`}; ${c.ratio_source === 'unknown_order' ? 'order unknown, ' : ''}ratio of ${c.ratio_period}`,
    product_id: c.product_id, product_class: c.product_class, from_period: c.original_period, ratio: c.merchant_ratio,
    paid: c.paid, merchant_share: c.merchant_part, platform_fee: c.platform_part,
  }));
  rows.push(row({ section: 'correction.total', label: 'total', detail: 'included in brought forward', merchant_share: s.totals.corrections }));
  return rows;
}

function cascadeRows(s: SettlementStatement): CsvCell[][] {
  return s.cascade.map((l) => row({
    section: 'cascade', key: l.step, label: CASCADE_STEP_LABELS[l.step],
    product_class: l.product_class ?? undefined, from_period: l.from_period, amount: l.amount,
  }));
}

function totalRows(s: SettlementStatement): CsvCell[][] {
  return shownTotals(s.totals).map(({ key, amount }) => row({ section: 'totals', key, label: TOTAL_LABELS[key], amount }));
}

function depositAndCarriedRows(s: SettlementStatement): CsvCell[][] {
  const d = s.deposit;
  return [
    row({ section: 'deposit', key: 'source', label: d.source, from_period: d.source_period ?? undefined }),
    row({ section: 'deposit', key: 'opening', label: 'deposit before this period', amount: d.opening }),
    row({ section: 'deposit', key: 'deducted', label: 'deducted this period', amount: d.deducted }),
    row({ section: 'deposit', key: 'remaining', label: 'remaining deposit', amount: d.remaining }),
    ...s.carried.map((c) => row({
      section: 'carried', key: c.kind, label: c.kind === 'unpaid' ? 'unpaid balance' : 'pending deduction',
      product_class: c.kind === 'unpaid' ? c.product_class : undefined, from_period: c.from_period, amount: c.amount,
    })),
    ...receivableRows(s),
  ];
}

function receivableRows(s: SettlementStatement): CsvCell[][] {
  const r = s.receivable;
  if (r === undefined) return [];
  return [
    row({ section: 'receivable', key: 'brought_forward', label: 'payback receivable open before the period', amount: r.brought_forward }),
    row({ section: 'receivable', key: 'new', label: 'payback receivable of this period', amount: r.new }),
    ...r.payments.map((p) => row({ section: 'receivable', key: 'payment', label: 'paid back (merchant-payments.csv)', detail: p.payment_id, amount: p.amount })),
    row({ section: 'receivable', key: 'overpaid', label: 'paid beyond what was owed', amount: r.overpaid }),
    row({ section: 'receivable', key: 'carried_forward', label: 'still open, carried forward', amount: r.carried_forward }),
  ];
}

function invoiceRows(s: SettlementStatement): CsvCell[][] {
  return s.invoice_list.lines.map((l) => row({
    section: 'invoice', key: l.payment_request_no, detail: l.remark, product_class: l.product_class,
    rate: l.rate, amount: l.amount, net_of_tax: l.net, tax: l.tax,
  }));
}

/**
 * settlement.csv: the whole marketplace settlement in one sheet a person can open, filter and
 * check against settlement.json (UTF-8 with BOM, formula-safe text, amounts as plain numbers).
 * Rows follow the statement's own order; nothing is recomputed. Deterministic.
 */
export function renderSettlementCsv(s: SettlementStatement): string {
  return renderCsv(SETTLEMENT_CSV_HEADER, [
    ...headerRows(s),
    ...productRows(s),
    ...refundRows(s),
    ...fiveDayRows(s),
    ...correctionRows(s),
    ...cascadeRows(s),
    ...totalRows(s),
    ...depositAndCarriedRows(s),
    ...invoiceRows(s),
    row({ section: 'count', key: 'valid_orders', label: 'valid orders', records: s.valid_orders }),
  ]);
}
