import type { FeeBreakdown, PartnerStatement } from '../bills/partnerStatement';
import { displayWidth, plainText, renderTextTable } from './textTable';

const RIGHT_FROM = (first: number, count: number): Set<number> => new Set(Array.from({ length: count }, (_, i) => first + i));

function heading(title: string): string[] {
  return ['', title, '='.repeat(displayWidth(title))];
}

function totalsBlock(s: PartnerStatement): string[] {
  const t = s.totals;
  const rows: string[][] = [
    ['Consumption', t.consumption],
    ['Refunds', t.refunds],
    ['Adjustments', t.adjustments],
    ['Prior-period corrections', t.corrections],
    ['Rounding residual', s.settlement_rounding_residual],
    ['Settlement', t.settlement],
    ['Coupons used', t.coupons_used],
    ['Credit brought forward', t.credit_brought_forward],
    ['Rounding residual', s.amount_due_rounding_residual],
    ['Amount due', t.amount_due],
    ['Credit carried forward', t.credit_carried],
  ];
  return [...heading(`Totals (${s.currency})`), ...renderTextTable(['', 'amount'], rows, new Set([1]))];
}

function customersBlock(s: PartnerStatement): string[] {
  const rows = s.customers.map((c) => [c.customer_id, c.customer_name ?? '', c.reseller_id ?? '', c.consumption, c.refunds, c.adjustments]);
  const r = s.customers_rounding_residual;
  rows.push(['rounding residual', '', '', r.consumption, r.refunds, r.adjustments]);
  rows.push(['total', '', '', s.totals.consumption, s.totals.refunds, s.totals.adjustments]);
  return [...heading('Sub-customers (resale)'), ...renderTextTable(['customer', 'name', 'via reseller', 'consumption', 'refunds', 'adjustments'], rows, RIGHT_FROM(3, 3))];
}

function breakdownBlock(title: string, b: FeeBreakdown): string[] {
  const rows = b.lines.map((l) => [l.key || '-', l.label, l.consumption, l.refunds, l.amount]);
  rows.push(['rounding residual', '', b.rounding_residual.consumption, b.rounding_residual.refunds, b.rounding_residual.amount]);
  rows.push(['total', '', b.total.consumption, b.total.refunds, b.total.amount]);
  return [...heading(title), ...renderTextTable(['key', 'label', 'consumption', 'refunds', 'amount'], rows, RIGHT_FROM(2, 3))];
}

function resellersBlock(s: PartnerStatement): string[] {
  if (!s.resellers) return [];
  const figures = (f: { consumption: string; refunds: string; adjustments: string; corrections: string; settlement: string }): string[] =>
    [f.consumption, f.refunds, f.adjustments, f.corrections, f.settlement];
  const rows = s.resellers.lines.map((l) => [l.partner_id, l.partner_name, ...figures(l)]);
  rows.push(['rounding residual', '', ...figures(s.resellers.rounding_residual)]);
  rows.push(['total', '', ...figures(s.resellers.total)]);
  const header = ['reseller', 'name', 'consumption', 'refunds', 'adjustments', 'corrections', 'settlement'];
  return [...heading('Per reseller'), ...renderTextTable(header, rows, RIGHT_FROM(2, 5))];
}

function referralBlock(s: PartnerStatement): string[] {
  const rows = s.referral.customers.map((c) => [c.customer_id, c.customer_name ?? '', c.consumption, c.refunds]);
  rows.push(['rounding residual', '', s.referral.rounding_residual.consumption, s.referral.rounding_residual.refunds]);
  rows.push(['total', '', s.referral.total.consumption, s.referral.total.refunds]);
  const title = 'Referral customers (reported for performance, not billed)';
  return [...heading(title), ...renderTextTable(['customer', 'name', 'consumption', 'refunds'], rows, RIGHT_FROM(2, 2))];
}

function correctionsAndCouponsBlock(s: PartnerStatement): string[] {
  const corrections = s.corrections.lines.map((l) => [`correction of ${l.original_period}`, l.amount]);
  corrections.push(['rounding residual', s.corrections.rounding_residual], ['total', s.corrections.total]);
  const coupons = [['coupons paid on records', s.coupons.from_records], ...s.coupons.partner_coupons.map((c) => [`partner coupon ${c.coupon_id}`, c.amount])];
  coupons.push(['rounding residual', s.coupons.rounding_residual], ['total', s.coupons.total]);
  return [
    ...heading('Prior-period corrections'), ...renderTextTable(['line', 'amount'], corrections, new Set([1])),
    ...heading('Coupons'), ...renderTextTable(['line', 'amount'], coupons, new Set([1])),
  ];
}

/**
 * statement.txt: the partner bill as a person reads it in a terminal or an e-mail, with the
 * same figures as statement.json (nothing recomputed here). Deterministic, LF line ends.
 */
export function renderPartnerStatementText(statement: PartnerStatement): string {
  const s = statement;
  const lines = [
    `Partner bill ${s.period}, revision ${s.revision}, currency ${s.currency}`,
    `Partner: ${plainText(s.partner_id)}${s.partner_name ? ` (${plainText(s.partner_name)})` : ''}`,
    `Roles: ${s.partner_roles.length > 0 ? s.partner_roles.join(', ') : '-'}`,
    ...(s.payee === undefined ? [] : [`Pays: ${payeeText(s.payee)}`]),
    ...totalsBlock(s),
    ...customersBlock(s),
    ...breakdownBlock('Per service type', s.by_service_type),
    ...breakdownBlock('Per region', s.by_region),
    ...breakdownBlock('Per charging mode', s.by_charging_mode),
    ...breakdownBlock('Per bill type', s.by_bill_type),
    ...resellersBlock(s),
    ...referralBlock(s),
    ...correctionsAndCouponsBlock(s),
    ...heading('Counts'),
    ...renderTextTable(['', 'count'], Object.entries(s.counts).map(([k, v]) => [k.replace(/_/g, ' '), String(v)]), new Set([1])),
  ];
  return `${lines.join('\n')}\n`;
}

/** The payee in words: the platform, or the distributor that bills this reseller's customers again. */
export function payeeText(payee: string): string {
  return payee === 'platform' ? 'the platform' : `distributor ${plainText(payee)} (its bill includes this one)`;
}

