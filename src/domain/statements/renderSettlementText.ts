import { compareDecimal, sumDecimals } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import type { SettlementStatement } from '../marketplace/settlementStatement';
import { CASCADE_STEP_LABELS, shownTotals, TOTAL_LABELS } from './renderSettlementCsv';
import { displayWidth, plainText, renderTextTable } from './textTable';
import { refundReasonLabel } from './html/codeNames';

const RIGHT_FROM = (first: number, count: number): Set<number> => new Set(Array.from({ length: count }, (_, i) => first + i));

function heading(title: string): string[] {
  return ['', title, '='.repeat(displayWidth(title))];
}

function productsBlock(s: SettlementStatement): string[] {
  const rows = s.products.map((p) => [
    p.product_id, p.product_class, p.platform_fee_rate,
    p.tier ? `>= ${p.tier.min_monthly_paid}: +${p.tier.extra_merchant_share}` : '-',
    p.merchant_ratio, p.paid, p.merchant_share, p.platform_fee,
  ]);
  rows.push(['total', '', '', '', '', s.totals.gross, s.totals.merchant_share, s.totals.platform_fee]);
  const header = ['product', 'class', 'fee rate', 'tier reached', 'merchant ratio', 'paid', 'merchant share', 'platform fee'];
  return [...heading('Sales of the period, per product'), ...renderTextTable(header, rows, RIGHT_FROM(4, 4))];
}

function refundsBlock(s: SettlementStatement): string[] {
  if (s.refunds.length === 0) return [...heading('Refunds'), '  none'];
  const rows = s.refunds.map((r) => [
    r.record_id, r.original_trade_id || '-', r.original_period || '-', r.product_id, refundReasonLabel(r.refund_reason),
    r.merchant_ratio, r.paid, r.merchant_share, r.platform_fee,
    [r.five_day_netted ? '5d' : '', r.ratio_source === 'unknown_order' ? '?' : ''].filter(Boolean).join(' '),
  ]);
  rows.push(['total', '', '', '', '', '', s.totals.refunds, s.totals.refunds_reversed, s.totals.refunds_platform_fee, '']);
  const header = ['refund', 'original order', 'order period', 'product', 'reason', 'ratio', 'amount', 'merchant part', 'platform part', 'note'];
  return [
    ...heading('Refunds, reversed at the ratio of their original order'),
    ...renderTextTable(header, rows, RIGHT_FROM(5, 4)),
    // A legend only for the markers that occur, so a reader never looks for one that is not there.
    ...(s.refunds.some((r) => r.five_day_netted) ? ['  5d: five-day refund of an order of this period (netted below)'] : []),
    ...(s.refunds.some((r) => r.ratio_source === 'unknown_order') ? ["  ?: original order unknown; reversed at this period's ratio of the product"] : []),
  ];
}

function fiveDayBlock(s: SettlementStatement): string[] {
  if (s.five_day_netting.length === 0) return [];
  const rows = s.five_day_netting.flatMap((f) => [
    [f.trade_id, f.product_id, 'order', f.order_record_ids.join(', '), f.order_paid, f.order_merchant_share, f.order_platform_fee],
    ['', '', 'refund', f.refund_record_ids.join(', '), f.refund_paid, f.refund_merchant_share, f.refund_platform_fee],
    ['', '', 'net', '', f.net_paid, f.net_merchant_share, ''],
  ]);
  const header = ['order', 'product', 'line', 'records', 'paid', 'merchant share', 'platform fee'];
  return [...heading('Five-day refunds netted against their orders'), ...renderTextTable(header, rows, RIGHT_FROM(4, 3))];
}

/** Late records of closed earlier periods, booked here (only when there are any). */
function correctionsBlock(s: SettlementStatement): string[] {
  const lines = s.corrections ?? [];
  if (lines.length === 0) return [];
  const rows = lines.map((c) => [
    c.original_period, c.record_id, c.kind, c.trade_id || '-', c.product_id, c.product_class,
    c.ratio_source === 'unknown_order' ? `${c.merchant_ratio} ?` : c.merchant_ratio, c.paid, c.merchant_part, c.platform_part,
  ]);
  rows.push(['total', '', '', '', '', '', '', '', s.totals.corrections, '']);
  const header = ['original period', 'record', 'kind', 'order', 'product', 'class', 'ratio', 'paid', 'merchant part', 'platform part'];
  return [
    ...heading('Prior-period corrections: late records of closed periods, booked here'),
    '  A late sale owes the merchant its share at the ratio its product had in the original period;',
    '  a late refund takes the merchant part back at its original order\'s ratio. The merchant parts',
    '  are brought forward from their original period into the cascade below.',
    '',
    ...renderTextTable(header, rows, RIGHT_FROM(6, 4)),
    ...(lines.some((c) => c.ratio_source === 'unknown_order') ? ["  ?: original order unknown; reversed at the refunded product's ratio of the original period"] : []),
  ];
}

function cascadeBlock(s: SettlementStatement): string[] {
  const rows = s.cascade.map((l, i) => [String(i + 1), CASCADE_STEP_LABELS[l.step], l.product_class ?? '-', l.from_period, l.amount]);
  const title = 'Deduction cascade and payment threshold, step by step';
  return [...heading(title), ...renderTextTable(['#', 'step', 'class', 'from period', 'amount'], rows, new Set([0, 4]))];
}

function depositBlock(s: SettlementStatement): string[] {
  const d = s.deposit;
  const source = d.source === 'previous_settlement' ? `settlement of ${d.source_period ?? '?'}` : d.source === 'merchant_deposits' ? 'merchant-deposits.csv' : 'none';
  const rows = [['Deposit before this period', d.opening], ['Deducted this period', d.deducted], ['Remaining', d.remaining]];
  return [...heading('Deposit (保证金)'), ...renderTextTable(['', 'amount'], rows, new Set([1])), `  Source: ${source}`];
}

function receivableBlock(s: SettlementStatement): string[] {
  const r = s.receivable;
  if (r === undefined) return [];
  const rows = [
    ['Open before this period', r.brought_forward],
    ['Payback receivable of this period', r.new],
    ...r.payments.map((p) => [`Paid back (${plainText(p.payment_id)})`, p.amount]),
    ['Paid beyond what was owed', r.overpaid],
    ['Still open, carried forward', r.carried_forward],
  ];
  return [...heading('Payback receivable (merchant owes the platform)'), ...renderTextTable(['', 'amount'], rows, new Set([1]))];
}

/**
 * The identity of DOMAIN §5.2 with this statement's figures, and whether it holds: a reader
 * checks the statement's own arithmetic without a calculator. Both sides are exact sums of
 * figures shown above, so nothing is recomputed, only added.
 */
function identityLines(s: SettlementStatement): string[] {
  const t = s.totals;
  const term = (v: string): string => (v.startsWith('-') ? `(${v})` : v);
  const left = sumDecimals([t.net, t.brought_forward, t.deducted_from_deposit, t.payback_receivable]);
  const right = sumDecimals([t.payable, t.carried_forward]);
  const holds = compareDecimal(left, right) === 0;
  return [
    '  net + brought_forward + deducted_from_deposit + payback_receivable = payable + carried_forward',
    `  ${[t.net, t.brought_forward, t.deducted_from_deposit, t.payback_receivable].map(term).join(' + ')} = ${term(t.payable)} + ${term(t.carried_forward)}`,
    holds ? `  both sides: ${formatExact(left)}` : `  DOES NOT HOLD: left ${formatExact(left)}, right ${formatExact(right)}`,
    ...((s.corrections ?? []).length > 0 ? [`  brought_forward includes ${t.corrections} of prior-period corrections`] : []),
  ];
}

function totalsBlock(s: SettlementStatement): string[] {
  const rows = shownTotals(s.totals).map(({ key, amount }) => [TOTAL_LABELS[key], amount]);
  return [...heading(`Totals (${s.currency})`), ...renderTextTable(['', 'amount'], rows, new Set([1])), '', ...identityLines(s)];
}

function carriedBlock(s: SettlementStatement): string[] {
  if (s.carried.length === 0) return [...heading('Carried to the next period'), '  nothing'];
  const rows = s.carried.map((c) => [c.kind === 'unpaid' ? 'unpaid balance' : 'pending deduction', c.kind === 'unpaid' ? c.product_class : '-', c.from_period, c.amount]);
  return [...heading('Carried to the next period'), ...renderTextTable(['item', 'class', 'from period', 'amount'], rows, new Set([3]))];
}

function invoiceBlock(s: SettlementStatement): string[] {
  if (!s.invoice_list.required) return [...heading('Merchant invoice list (开票清单)'), '  No merchant invoice required.'];
  const rows = s.invoice_list.lines.map((l) => [l.payment_request_no, l.product_class, l.amount, l.rate, l.net, l.tax, l.remark]);
  const header = ['payment request', 'class', 'amount', 'rate', 'net', 'tax', 'remark'];
  return [...heading('Merchant invoice list (开票清单): the merchant invoices the platform'), ...renderTextTable(header, rows, RIGHT_FROM(2, 4))];
}

/**
 * settlement.txt: the marketplace settlement as a person reads it, walking from the period's
 * sales through refunds and the deduction cascade to what is paid, with the same figures as
 * settlement.json. Deterministic, LF line ends.
 */
export function renderSettlementText(statement: SettlementStatement): string {
  const s = statement;
  const lines = [
    `Marketplace settlement ${s.period}, revision ${s.revision}, currency ${s.currency}`,
    `Seller: ${plainText(s.seller_id)}${s.seller_name ? ` (${plainText(s.seller_name)})` : ''}`,
    `Statement: ${plainText(s.statement_id)}`,
    `Status at issue: ${s.status}`,
    ...productsBlock(s),
    ...refundsBlock(s),
    ...fiveDayBlock(s),
    ...correctionsBlock(s),
    ...cascadeBlock(s),
    ...depositBlock(s),
    ...receivableBlock(s),
    ...totalsBlock(s),
    ...carriedBlock(s),
    '',
    `Valid orders: ${s.valid_orders}`,
    ...invoiceBlock(s),
  ];
  return `${lines.join('\n')}\n`;
}
