import { Dec } from '../money/decimal';
import { compareDecimal, signOfDecimal, sumDecimals } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import type { IncentiveServiceLine, IncentiveStatement, SpecialIncentiveLine } from '../incentives/incentiveStatement';
import { correctionNote, invoiceTypeLabel, payoutLabel, serviceNote } from './renderIncentiveCsv';
import { displayWidth, plainText, renderTextTable } from './textTable';

function heading(title: string): string[] {
  return ['', title, '='.repeat(displayWidth(title))];
}

/** A figure inside an equation: negatives in parentheses, so that "+ (-355.00)" reads as one term. */
const term = (v: string): string => (v.startsWith('-') ? `(${v})` : v);

const SOURCE_LABELS: Readonly<Record<IncentiveServiceLine['policy_source'], string>> = {
  service: 'own rows',
  wildcard: '* rows',
  none: 'no row',
};

function serviceRow(l: IncentiveServiceLine): string[] {
  return [
    l.service_type_code, l.policy === null ? '-' : String(l.policy), SOURCE_LABELS[l.policy_source],
    l.tier_min_period_performance === null ? '-' : `>= ${l.tier_min_period_performance}`, l.rate,
    l.consumption, l.refunds, l.performance, l.incentive, serviceNote(l),
  ];
}

/**
 * Counted services, the rounding residual and the total first, so that the columns add up to
 * the total right above it; services excluded by policy 2 after the total, outside the sum.
 */
function servicesBlock(s: IncentiveStatement): string[] {
  const title = 'Performance and base incentive, per service type';
  if (s.services.length === 0) return [...heading(title), '  no records of the partner\'s customers this period'];
  const counted = s.services.filter((l) => l.counts_toward_tier);
  const excluded = s.services.filter((l) => !l.counts_toward_tier);
  const r = s.services_rounding_residual;
  const rows = [
    ...counted.map(serviceRow),
    ['rounding residual', '', '', '', '', '', '', r.performance, r.incentive, ''],
    ['total', '', '', '', '', '', '', s.totals.performance, s.totals.base_incentive, 'performance; base incentive'],
    ...excluded.map(serviceRow),
  ];
  const header = ['service', 'policy', 'policy from', 'tier', 'rate', 'consumption', 'refunds', 'performance', 'incentive', 'note'];
  return [
    ...heading(title),
    '  Performance = cash + credit + stored-value card + debt, refunds included.',
    `  The tier of every service is the one its rows reach with the total performance, ${s.totals.performance}.`,
    '  Incentive = rate x performance, taken exactly per service and rounded once in the total.',
    '',
    ...renderTextTable(header, rows, new Set([4, 5, 6, 7, 8])),
    // A legend only for the cases that occur, so a reader never looks for one that is not there.
    ...(s.services.some((l) => l.policy_source === 'wildcard') ? ['  * rows: the service has no policy rows of its own; the rows for every other service (*) apply'] : []),
    ...(s.services.some((l) => l.counts_toward_tier && l.policy === null) ? ['  no policy row: the service counts toward the tier thresholds but earns nothing (reported)'] : []),
    ...(excluded.length > 0 ? ['  excluded (policy 2): listed after the total; neither counted in performance nor paid'] : []),
  ];
}

function specialRow(l: SpecialIncentiveLine): string[] {
  const basis = l.basis === null ? '-' : l.basis === 'new_customer_performance' ? 'new-customer performance' : 'performance';
  return [
    l.program, l.kind === 'amount' ? 'fixed amount' : 'rate x basis', l.rate ?? '-', basis, l.basis_amount ?? '-',
    l.computed, l.cap ?? '-', l.incentive, l.capped ? 'capped' : '',
  ];
}

function specialBlock(s: IncentiveStatement): string[] {
  const title = 'Special incentives, per program (capped at the program\'s cap)';
  if (s.special.length === 0) return [...heading(title), '  none'];
  const rows = [...s.special.map(specialRow), ['total', '', '', '', '', '', '', s.totals.special_incentive, '']];
  const header = ['program', 'kind', 'rate', 'basis', 'basis amount', 'computed', 'cap', 'incentive', 'note'];
  return [
    ...heading(title),
    ...renderTextTable(header, rows, new Set([2, 4, 5, 6, 7])),
    ...(s.special.some((l) => l.capped) ? ['  capped: the computed amount is above the cap; the cap is paid'] : []),
  ];
}

/** Late records of closed earlier periods, per original period and service (only when there are any). */
function correctionsBlock(s: IncentiveStatement): string[] {
  const lines = s.corrections ?? [];
  if (lines.length === 0) return [];
  const rows = [
    ...lines.map((l) => [
      l.original_period, l.service_type_code, l.policy === null ? '-' : String(l.policy),
      l.tier_min_period_performance === null ? '-' : `>= ${l.tier_min_period_performance}`, l.rate, l.performance, l.incentive,
      String(l.records), correctionNote(l),
    ]),
    ['total', '', '', '', '', '', s.totals.corrections, '', ''],
  ];
  const header = ['original period', 'service', 'policy', 'tier', 'rate', 'performance', 'incentive', 'records', 'note'];
  return [
    ...heading('Prior-period corrections: late records of closed periods, booked here'),
    '  Late records change the performance of their original period; they earn at the rate that',
    "  period's statement applied to the service (its tier is not evaluated again). They are not",
    "  in this period's performance.",
    '',
    ...renderTextTable(header, rows, new Set([4, 5, 6, 7])),
  ];
}

/** "= a + b = shown", and a line saying so when the shown figure is not the sum of the figures above. */
function sumLines(indent: string, terms: readonly string[], shown: string): string[] {
  const sum = sumDecimals(terms);
  const lines = [`${indent}= ${terms.map(term).join(' + ')} = ${shown}`];
  if (compareDecimal(sum, shown) !== 0) lines.push(`${indent}DOES NOT HOLD: the sum is ${formatExact(sum)}, the statement shows ${shown}`);
  return lines;
}

function boundLines(indent: string, name: 'max' | 'min', balance: string, shown: string): string[] {
  const sign = signOfDecimal(balance);
  const expected = (name === 'max' ? sign > 0 : sign < 0) ? balance : '0';
  const lines = [`${indent}= ${name}(0, ${balance}) = ${shown}`];
  if (compareDecimal(expected, shown) !== 0) lines.push(`${indent}DOES NOT HOLD: ${name}(0, ${balance}) is ${formatExact(expected)}, the statement shows ${shown}`);
  return lines;
}

/**
 * The carry-forward of DOMAIN §5.3 with this statement's figures: the period's result is netted
 * with the clawback brought in; only a positive balance is paid, a negative one is carried
 * out. Every step only adds or bounds figures shown on the statement, so a reader checks the
 * arithmetic without a calculator.
 */
function carryForwardBlock(s: IncentiveStatement): string[] {
  const t = s.totals;
  const corrected = (s.corrections ?? []).length > 0;
  const balanceTerms = corrected ? [t.period_result, t.corrections, t.carried_in] : [t.period_result, t.carried_in];
  const balance = formatExact(sumDecimals(balanceTerms));
  const from = s.carried_in_from === null ? 'nothing brought forward' : `brought forward from ${s.carried_in_from}`;
  const pad = ' '.repeat(16);
  return [
    ...heading(`Carry-forward and payable (${s.currency})`),
    '  period_result = base_incentive + special_incentive',
    ...sumLines(pad, [t.base_incentive, t.special_incentive], t.period_result),
    `  balance       = period_result + ${corrected ? 'corrections + ' : ''}carried_in (${from})`,
    `${pad}= ${balanceTerms.map(term).join(' + ')} = ${balance}`,
    '  payable       = max(0, balance)',
    ...boundLines(pad, 'max', balance, t.payable),
    '  carried_out   = min(0, balance)',
    ...boundLines(pad, 'min', balance, t.carried_out),
    signOfDecimal(t.carried_out) < 0
      ? `  The clawback of ${t.carried_out} is carried to the next period and netted against its incentive; nothing is paid.`
      : `  ${t.payable} is payable this period; no clawback is carried forward.`,
  ];
}

/** "6 %" for "0.06"; the rate as given when it is not a plain decimal. */
function percent(rate: string): string {
  return /^\d+(\.\d+)?$/.test(rate) ? `${new Dec(rate).times(100).toFixed()} %` : rate;
}

function invoiceBlock(s: IncentiveStatement): string[] {
  const i = s.invoice;
  const title = 'Invoice notice (激励开票)';
  if (!i.required) return [...heading(title), '  Invoice required: no', `  ${plainText(i.note)}`];
  const gross = i.gross ?? '-';
  const net = i.net ?? '-';
  const tax = i.tax ?? '-';
  const rows = [
    ['gross (tax inclusive, = payable)', gross],
    ['rate', i.rate === null ? '-' : `${i.rate} (${percent(i.rate)})`],
    ['net of tax', net],
    ['tax', tax],
  ];
  const typeName = invoiceTypeLabel(i.type) || i.type || '-';
  const holds = i.net !== null && i.tax !== null && i.gross !== null && compareDecimal(sumDecimals([i.net, i.tax]), i.gross) === 0;
  return [
    ...heading(title),
    '  Invoice required: yes. The partner issues to the platform a VAT special invoice (增值税专用发票),',
    '  paper or electronic; an ordinary invoice (普通发票) is not accepted.',
    `  Invoice type: ${plainText(typeName)}`,
    `  Invoice to (signing entity): ${plainText(i.signing_entity ?? '-')}`,
    `  Invoice content: ${plainText(i.content ?? '-')}`,
    '',
    ...renderTextTable(['', 'amount'], rows, new Set([1])),
    '',
    holds
      ? `  net + tax = gross: ${net} + ${tax} = ${gross}`
      : `  net + tax = gross DOES NOT HOLD: ${net} + ${tax}, gross ${gross}`,
    ...(i.gross !== null && compareDecimal(i.gross, s.totals.payable) !== 0 ? [`  DOES NOT HOLD: gross ${gross} is not the payable ${s.totals.payable}`] : []),
    `  ${plainText(i.note)}`,
  ];
}

/**
 * incentive.txt: the incentive statement as a person reads it, walking from each service's
 * performance and policy through the special programs and the carry-forward to what is paid
 * and what must be invoiced, with the same figures as incentive.json. Deterministic, LF line ends.
 */
export function renderIncentiveText(statement: IncentiveStatement): string {
  const s = statement;
  const payout = payoutLabel(s.payout_method);
  const lines = [
    `Incentive statement ${s.period}, revision ${s.revision}, currency ${s.currency}`,
    `Partner: ${plainText(s.partner_id)}${s.partner_name ? ` (${plainText(s.partner_name)})` : ''}`,
    `Payout method: ${plainText(s.payout_method || '-')}${payout ? ` (${payout})` : ''}`,
    ...servicesBlock(s),
    ...specialBlock(s),
    ...correctionsBlock(s),
    ...carryForwardBlock(s),
    '',
    `Records in another currency (not counted): ${s.other_currency_records}`,
    ...invoiceBlock(s),
  ];
  return `${lines.join('\n')}\n`;
}
