import type { IncentiveServiceLine, IncentiveStatement, IncentiveTotals } from '../incentives/incentiveStatement';
import { renderCsv, type CsvCell } from './csvFormat';

/**
 * Columns of incentive.csv: one row per line of the incentive statement. `section` says which
 * part (statement, service, service.rounding_residual, service.total, special, correction,
 * correction.total, totals, invoice, count); `key` identifies the line within it (statement
 * field, service type code, program, totals field, invoice field); `label` and `detail` are text for a reader (a statement or
 * invoice field's text value goes in `label`). The other columns:
 * - `from_period`: the period an amount comes from (the statement carried_in was brought from,
 *   a prior-period correction's original period);
 * - `policy` (0, 1, 2, 13; empty when no policy row applies), `policy_source` (service,
 *   wildcard, none), `counts_toward_tier` (true/false; false only for policy 2), and
 *   `tier_min_period_performance`: the policy and tier of a service (on a `correction` line,
 *   `policy_source` says where its rate comes from: statement, policy or no_statement);
 * - `rate`: a service's earned rate, a special program's rate, the invoice's tax rate;
 * - `consumption`, `refunds`, `performance`, `performance_exact`: a service's performance
 *   (refunds ≤ 0 reduce it); `incentive`, `incentive_exact`: its base incentive;
 * - `basis`, `basis_amount`, `computed`, `cap`, `capped`, and `incentive`: a special program
 *   (computed before the cap, incentive after it);
 * - `amount`: the one figure of a line (a totals field, the invoice's gross, net and tax);
 * - `records`: counts (a service's records, records in another currency).
 * The summary rows of the service section are `service.rounding_residual` and `service.total`
 * (performance = totals.performance, incentive = totals.base_incentive), so filtering on
 * `service` gives exactly the service lines. Every figure of incentive.json appears in some row.
 */
export const INCENTIVE_CSV_HEADER = [
  'section', 'key', 'label', 'detail', 'from_period',
  'policy', 'policy_source', 'counts_toward_tier', 'tier_min_period_performance', 'rate',
  'consumption', 'refunds', 'performance', 'performance_exact', 'incentive', 'incentive_exact',
  'basis', 'basis_amount', 'computed', 'cap', 'capped', 'amount', 'records',
] as const;

type Column = (typeof INCENTIVE_CSV_HEADER)[number];
type TextColumn = 'section' | 'key' | 'label' | 'detail' | 'from_period' | 'policy' | 'policy_source' | 'counts_toward_tier' | 'basis' | 'capped';
type Fields = Partial<Record<Exclude<Column, 'records'>, string>> & { section: string; records?: number };

const TEXT_COLUMNS: ReadonlySet<Column> = new Set<TextColumn>([
  'section', 'key', 'label', 'detail', 'from_period', 'policy', 'policy_source', 'counts_toward_tier', 'basis', 'capped',
]);

/** Text columns are escaped by renderCsv; every other string is a plain number, written as such. */
function row(fields: Fields): CsvCell[] {
  return INCENTIVE_CSV_HEADER.map((column): CsvCell => {
    if (column === 'records') return fields.records;
    const value = fields[column];
    if (value === undefined || TEXT_COLUMNS.has(column)) return value;
    return { amount: value };
  });
}

export const INCENTIVE_TOTAL_LABELS: Readonly<Record<keyof IncentiveTotals, string>> = {
  performance: 'performance (all services except policy 2)',
  base_incentive: 'base incentive',
  special_incentive: 'special incentive',
  carried_in: 'clawback carried in',
  payable: 'payable',
  carried_out: 'clawback carried out',
  period_result: 'result of the period (base + special)',
  corrections: 'prior-period corrections',
};

/** The totals in the order of incentive.json (INCENTIVE_TOTAL_LABELS is declared in that order). */
export const INCENTIVE_TOTAL_FIELDS = Object.keys(INCENTIVE_TOTAL_LABELS) as (keyof IncentiveTotals)[];

const PAYOUT_LABELS: Readonly<Record<string, string>> = {
  bank: 'bank transfer; the partner invoices the platform',
  platform_account: 'to the platform account; the partner invoices the platform',
  voucher_quota: 'as voucher quota (返代金券额度); no invoice',
  platform_account_deferred_invoice: 'to the platform account, invoice deferred (记欠票); no invoice for this statement',
};

/** What a payout method means for the partner; empty for a method this version does not know. */
export function payoutLabel(method: string): string {
  return Object.prototype.hasOwnProperty.call(PAYOUT_LABELS, method) ? PAYOUT_LABELS[method]! : '';
}

/** The invoice type's name as the platform's finance team writes it; empty for an unknown type. */
export function invoiceTypeLabel(type: string | null): string {
  return type === 'vat_special' ? '增值税专用发票 (VAT special invoice, paper or electronic)' : '';
}

/** Why a service earns what it earns, for the lines whose policy needs saying; empty otherwise. */
export function serviceNote(l: IncentiveServiceLine): string {
  if (!l.counts_toward_tier) return 'excluded (policy 2): not in performance, earns 0';
  if (l.policy === null) return 'no policy row: counts toward tiers, earns 0';
  if (l.policy === 13) return 'policy 13: counts toward tiers, earns 0';
  return '';
}

function headerRows(s: IncentiveStatement): CsvCell[][] {
  const statement = (key: string, label: string, detail?: string): CsvCell[] => row({ section: 'statement', key, label, detail });
  return [
    statement('period', s.period),
    statement('revision', String(s.revision)),
    statement('partner_id', s.partner_id, s.partner_name),
    statement('currency', s.currency),
    statement('payout_method', s.payout_method, payoutLabel(s.payout_method) || undefined),
  ];
}

function serviceRows(s: IncentiveStatement): CsvCell[][] {
  const rows = s.services.map((l) => row({
    section: 'service', key: l.service_type_code, detail: serviceNote(l) || undefined,
    policy: l.policy === null ? undefined : String(l.policy), policy_source: l.policy_source,
    counts_toward_tier: String(l.counts_toward_tier), tier_min_period_performance: l.tier_min_period_performance ?? undefined,
    rate: l.rate, consumption: l.consumption, refunds: l.refunds, performance: l.performance, performance_exact: l.performance_exact,
    incentive: l.incentive, incentive_exact: l.incentive_exact, records: l.records,
  }));
  const r = s.services_rounding_residual;
  rows.push(row({ section: 'service.rounding_residual', label: 'rounding residual', performance: r.performance, incentive: r.incentive }));
  rows.push(row({
    section: 'service.total', label: 'total', detail: 'services counted toward tiers (policy 2 excluded)',
    performance: s.totals.performance, incentive: s.totals.base_incentive,
  }));
  return rows;
}

function specialRows(s: IncentiveStatement): CsvCell[][] {
  return s.special.map((l) => row({
    section: 'special', key: l.program, label: l.kind, rate: l.rate ?? undefined, basis: l.basis ?? undefined,
    basis_amount: l.basis_amount ?? undefined, computed: l.computed, cap: l.cap ?? undefined, capped: String(l.capped), incentive: l.incentive,
  })).concat(s.special.length === 0 ? [] : [row({ section: 'special.rounding_residual', label: 'rounding residual', incentive: s.special_rounding_residual })]);
}

/** Why a correction line earns what it earns. */
export function correctionNote(l: IncentiveStatement['corrections'][number]): string {
  if (l.rate_source === 'no_statement') return `no statement of ${l.original_period}: earns 0`;
  if (l.policy === 2) return 'excluded (policy 2): earns 0';
  if (l.policy === null) return `no policy row in ${l.original_period}: earns 0`;
  if (l.policy === 13) return 'policy 13: earns 0';
  return l.rate_source === 'statement' ? `rate of the ${l.original_period} statement` : `policy of ${l.original_period} at its statement's tier`;
}

function correctionRows(s: IncentiveStatement): CsvCell[][] {
  const lines = s.corrections ?? [];
  if (lines.length === 0) return [];
  return [
    ...lines.map((l) => row({
      section: 'correction', key: l.service_type_code, label: `late records of ${l.original_period}`, detail: correctionNote(l),
      from_period: l.original_period, policy: l.policy === null ? undefined : String(l.policy), policy_source: l.rate_source,
      tier_min_period_performance: l.tier_min_period_performance ?? undefined, rate: l.rate,
      performance: l.performance, performance_exact: l.performance_exact, incentive: l.incentive, incentive_exact: l.incentive_exact, records: l.records,
    })),
    row({ section: 'correction.total', label: 'total', detail: 'prior-period corrections', incentive: s.totals.corrections }),
  ];
}

function totalRows(s: IncentiveStatement): CsvCell[][] {
  return INCENTIVE_TOTAL_FIELDS.map((key) => row({
    section: 'totals', key, label: INCENTIVE_TOTAL_LABELS[key], amount: s.totals[key],
    from_period: key === 'carried_in' ? s.carried_in_from ?? undefined : undefined,
  }));
}

/** The invoice notice field by field, in the order of incentive.json; a field that is null leaves its cells empty. */
function invoiceRows(s: IncentiveStatement): CsvCell[][] {
  const i = s.invoice;
  const invoice = (key: string, fields: Omit<Fields, 'section' | 'key'>): CsvCell[] => row({ section: 'invoice', key, ...fields });
  return [
    invoice('required', { label: String(i.required) }),
    invoice('type', { label: i.type ?? undefined, detail: invoiceTypeLabel(i.type) || undefined }),
    invoice('gross', { label: 'tax inclusive (= payable)', amount: i.gross ?? undefined }),
    invoice('rate', { label: 'tax rate', rate: i.rate ?? undefined }),
    invoice('net', { label: 'net of tax', amount: i.net ?? undefined }),
    invoice('tax', { label: 'tax', amount: i.tax ?? undefined }),
    invoice('content', { label: i.content ?? undefined }),
    invoice('signing_entity', { label: i.signing_entity ?? undefined }),
    invoice('note', { label: i.note }),
  ];
}

/**
 * incentive.csv: the whole incentive statement in one sheet a person can open, filter and
 * check against incentive.json (UTF-8 with BOM, formula-safe text, amounts as plain numbers).
 * Rows follow the statement's own order; nothing is recomputed. Deterministic.
 */
export function renderIncentiveCsv(s: IncentiveStatement): string {
  return renderCsv(INCENTIVE_CSV_HEADER, [
    ...headerRows(s),
    ...serviceRows(s),
    ...specialRows(s),
    ...correctionRows(s),
    ...totalRows(s),
    ...invoiceRows(s),
    row({ section: 'count', key: 'other_currency_records', label: 'records in another currency (not counted)', records: s.other_currency_records }),
  ]);
}
