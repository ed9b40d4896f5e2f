import type { FeeBreakdown, PartnerStatement } from '../bills/partnerStatement';
import { renderCsv, type CsvCell } from './csvFormat';

/**
 * Columns of statement.csv: one row per line of the statement; `section` says which part
 * (statement, totals, customer, service_type, region, charging_mode, bill_type, reseller,
 * referral, correction, coupon, count), `key` identifies the line, `label` and `detail` are
 * text, the rest are amounts or counts. A drill-down's residual and total rows have the
 * sections `<section>.rounding_residual` and `<section>.total`, so filtering on a section
 * gives exactly its lines and no id can be mistaken for a summary row.
 */
export const STATEMENT_CSV_HEADER = [
  'section', 'key', 'label', 'detail', 'consumption', 'refunds', 'adjustments', 'corrections', 'settlement', 'amount', 'records',
] as const;

type Row = CsvCell[];

const money = (amount: string | undefined): CsvCell => (amount === undefined ? undefined : { amount });

function row(section: string, key: string, label = '', detail = '', figures: Partial<Record<'consumption' | 'refunds' | 'adjustments' | 'corrections' | 'settlement' | 'amount', string>> = {}, records?: number): Row {
  return [
    section, key, label, detail,
    money(figures.consumption), money(figures.refunds), money(figures.adjustments),
    money(figures.corrections), money(figures.settlement), money(figures.amount), records,
  ];
}

function headerRows(s: PartnerStatement): Row[] {
  return [
    row('statement', 'period', s.period),
    row('statement', 'revision', String(s.revision)),
    row('statement', 'partner_id', s.partner_id, s.partner_name),
    row('statement', 'partner_roles', s.partner_roles.join(';')),
    ...(s.payee === undefined ? [] : [row('statement', 'payee', s.payee)]),
    row('statement', 'currency', s.currency),
  ];
}

function totalRows(s: PartnerStatement): Row[] {
  const t = s.totals;
  return [
    row('totals', 'consumption', 'consumption', '', { amount: t.consumption }),
    row('totals', 'refunds', 'refunds', '', { amount: t.refunds }),
    row('totals', 'adjustments', 'adjustments', '', { amount: t.adjustments }),
    row('totals', 'corrections', 'prior-period corrections', '', { amount: t.corrections }),
    row('totals', 'settlement_rounding_residual', 'rounding residual', '', { amount: s.settlement_rounding_residual }),
    row('totals', 'settlement', 'settlement', '', { amount: t.settlement }),
    row('totals', 'coupons_used', 'coupons used', '', { amount: t.coupons_used }),
    row('totals', 'credit_brought_forward', 'credit brought forward', '', { amount: t.credit_brought_forward }),
    row('totals', 'amount_due_rounding_residual', 'rounding residual', '', { amount: s.amount_due_rounding_residual }),
    row('totals', 'amount_due', 'amount due', '', { amount: t.amount_due }),
    row('totals', 'credit_carried', 'credit carried forward', '', { amount: t.credit_carried }),
  ];
}

function customerRows(s: PartnerStatement): Row[] {
  const rows = s.customers.map((c) => {
    const detail = c.reseller_id === undefined ? c.association_type : `${c.association_type} via ${c.reseller_id}`;
    return row('customer', c.customer_id, c.customer_name ?? '', detail, c, c.records);
  });
  rows.push(row('customer.rounding_residual', '', 'rounding residual', '', s.customers_rounding_residual));
  const { consumption, refunds, adjustments } = s.totals;
  rows.push(row('customer.total', '', 'total', '', { consumption, refunds, adjustments }));
  return rows;
}

function breakdownRows(section: string, b: FeeBreakdown): Row[] {
  const rows = b.lines.map((l) => row(section, l.key, l.label, '', l, l.records));
  rows.push(row(`${section}.rounding_residual`, '', 'rounding residual', '', b.rounding_residual));
  rows.push(row(`${section}.total`, '', 'total', '', b.total));
  return rows;
}

function resellerRows(s: PartnerStatement): Row[] {
  if (!s.resellers) return [];
  const rows = s.resellers.lines.map((l) => row('reseller', l.partner_id, l.partner_name, l.partner_id === s.partner_id ? 'own customers' : '', l, l.customers));
  rows.push(row('reseller.rounding_residual', '', 'rounding residual', '', s.resellers.rounding_residual));
  rows.push(row('reseller.total', '', 'total', '', s.resellers.total));
  return rows;
}

function referralRows(s: PartnerStatement): Row[] {
  const rows = s.referral.customers.map((c) => row('referral', c.customer_id, c.customer_name ?? '', c.reseller_id ? `referral via ${c.reseller_id}` : 'referral', c, c.records));
  rows.push(row('referral.rounding_residual', '', 'rounding residual', 'not billed', s.referral.rounding_residual));
  rows.push(row('referral.total', '', 'total', 'not billed', s.referral.total));
  return rows;
}

function correctionAndCouponRows(s: PartnerStatement): Row[] {
  const rows = s.corrections.lines.map((l) => row('correction', l.original_period, `correction of ${l.original_period}`, '', { amount: l.amount }, l.records));
  rows.push(row('correction.rounding_residual', '', 'rounding residual', '', { amount: s.corrections.rounding_residual }));
  rows.push(row('correction.total', '', 'total', '', { amount: s.corrections.total }));
  rows.push(row('coupon.records', '', 'coupons paid on records', '', { amount: s.coupons.from_records }));
  for (const c of s.coupons.partner_coupons) rows.push(row('coupon', c.coupon_id, 'partner coupon', '', { amount: c.amount }));
  rows.push(row('coupon.rounding_residual', '', 'rounding residual', '', { amount: s.coupons.rounding_residual }));
  rows.push(row('coupon.total', '', 'total', '', { amount: s.coupons.total }));
  return rows;
}

function countRows(s: PartnerStatement): Row[] {
  return Object.entries(s.counts).map(([key, value]) => row('count', key, key.replace(/_/g, ' '), '', {}, value));
}

/**
 * statement.csv: the whole partner bill in one sheet a person can open, filter and check
 * (UTF-8 with BOM, formula-safe text, amounts as plain numbers). Deterministic.
 */
export function renderPartnerStatementCsv(statement: PartnerStatement): string {
  return renderCsv(STATEMENT_CSV_HEADER, [
    ...headerRows(statement),
    ...totalRows(statement),
    ...customerRows(statement),
    ...breakdownRows('service_type', statement.by_service_type),
    ...breakdownRows('region', statement.by_region),
    ...breakdownRows('charging_mode', statement.by_charging_mode),
    ...breakdownRows('bill_type', statement.by_bill_type),
    ...resellerRows(statement),
    ...referralRows(statement),
    ...correctionAndCouponRows(statement),
    ...countRows(statement),
  ]);
}
