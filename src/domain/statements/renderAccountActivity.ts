import type { AccountActivity } from '../funds/fundLedger';
import { renderCsv, renderJson, type CsvCell } from './csvFormat';

/**
 * partners/<id>/account-activity.json / .csv (docs/partner-funds.md): a partner's fund account
 * for the period. The JSON has every field; the CSV is the account's statement as a partner
 * reconciles its books against it: opening, each movement in applied order with the balance
 * after it, each refused movement, closing.
 */
export function renderAccountActivityJson(a: AccountActivity): string {
  return renderJson({
    period: a.period, revision: a.revision, partner_id: a.partner_id, currency: a.currency,
    totals: a.totals, customers: a.customers, movements: a.movements, rejected: a.rejected,
    ...(a.vouchers === undefined ? {} : { vouchers: withoutExact(a.vouchers) }),
  });
}

function withoutExact(v: NonNullable<AccountActivity['vouchers']>): Omit<NonNullable<AccountActivity['vouchers']>, 'exact'> {
  const { exact: _exact, ...shown } = v;
  return shown;
}

export const ACCOUNT_ACTIVITY_HEADER = [
  'movement_id', 'time', 'operation', 'customer_id', 'indirect_partner_id', 'amount', 'balance_after', 'customer_balance_after', 'memo',
] as const;

export function renderAccountActivityCsv(a: AccountActivity): string {
  const money = (v: string | undefined): CsvCell => (v === undefined ? undefined : { amount: v });
  const rows: CsvCell[][] = [['', '', 'opening_balance', '', '', undefined, money(a.totals.opening_balance), undefined, '']];
  for (const m of a.movements) {
    rows.push([m.movement_id, m.time, m.operation, m.customer_id, m.indirect_partner_id, money(m.amount), money(m.balance_after), money(m.customer_balance_after), m.memo]);
  }
  for (const r of a.rejected) rows.push([r.movement_id, r.time, `rejected ${r.operation}: ${r.code}`, '', '', money(r.amount), undefined, undefined, r.message]);
  rows.push(['', '', 'closing_balance', '', '', undefined, money(a.totals.closing_balance), undefined, '']);
  // Vouchers: balance_after is the voucher quota still available after each event.
  for (const e of a.vouchers?.events ?? []) rows.push([e.event_id, e.time, `voucher ${e.operation}`, e.customer_id, '', money(e.amount), money(e.available_after), money(e.customer_balance_after), e.memo]);
  for (const r of a.vouchers?.rejected ?? []) rows.push([r.event_id, r.time, `rejected voucher ${r.operation}: ${r.code}`, '', '', r.amount === '' ? undefined : money(r.amount), undefined, undefined, r.message]);
  return renderCsv(ACCOUNT_ACTIVITY_HEADER, rows);
}
