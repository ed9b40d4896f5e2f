import { compareDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import type { ProviderSummaryRow } from '../reference/types';
import { checkRow, type CheckResult } from './checkResult';

const CHECK = 'bill.provider_summary';

/** The figures of our partner bill that the platform's summary also states. */
export interface BilledFigures {
  partner_id: string;
  currency: string;
  totals: { consumption: string; refunds: string; adjustments: string; amount_due: string };
}

const FIGURES = [
  ['consumption', 'consumption'],
  ['refunds', 'refunds'],
  ['adjustments', 'adjustments'],
  ['amount_due', 'amountDue'],
] as const;

function isAllZero(s: BilledFigures): boolean {
  return FIGURES.every(([ours]) => signOfDecimal(formatExact(s.totals[ours])) === 0);
}

/**
 * `bill.provider_summary` (DOMAIN §7): our shown partner-bill figures vs the platform's own
 * summary, per partner × currency × figure, tolerance 0. A partner on one side only is a fail
 * (except an all-zero bill of ours, which the platform has no reason to list). Without a
 * summary file there is nothing to compare: one ok row says so.
 */
export function providerSummaryChecks(period: string, statements: readonly BilledFigures[], summary: readonly ProviderSummaryRow[] | undefined): CheckResult[] {
  if (summary === undefined) return [checkRow(CHECK, 'ok', 'provider-summary.csv not delivered: nothing to compare')];
  const theirs = new Map<string, ProviderSummaryRow[]>();
  for (const row of summary) {
    if (row.billCycle !== period) continue;
    const key = `${row.partnerId} ${row.currency || 'CNY'}`;
    theirs.set(key, [...(theirs.get(key) ?? []), row]);
  }
  const rows: CheckResult[] = [];
  const seen = new Set<string>();
  for (const s of statements) {
    const key = `${s.partner_id} ${s.currency}`;
    seen.add(key);
    const matches = theirs.get(key) ?? [];
    if (matches.length === 0) {
      if (isAllZero(s)) continue;
      // The summary's columns carry no currency (it defaults to CNY): a partner listed there in
      // another currency only is a warning for this currency, a partner not listed at all a failure.
      const listedOtherwise = [...theirs.keys()].some((k) => k.startsWith(`${s.partner_id} `));
      rows.push(listedOtherwise
        ? checkRow(CHECK, 'warn', key, { expected: 'a provider summary row', actual: `no ${s.currency} row in provider summary` })
        : checkRow(CHECK, 'fail', key, { expected: 'a provider summary row', actual: 'missing in provider summary' }));
      continue;
    }
    if (matches.length > 1) {
      rows.push(checkRow(CHECK, 'fail', key, { expected: 'one provider summary row', actual: `${matches.length} rows` }));
      continue;
    }
    for (const [ours, their] of FIGURES) {
      const actual = s.totals[ours];
      const expected = matches[0]![their];
      const equal = compareDecimal(formatExact(actual), formatExact(expected)) === 0;
      rows.push(checkRow(CHECK, equal ? 'ok' : 'fail', `${key} ${ours}`, {
        expected: formatExact(expected),
        actual,
        difference: formatExact(subtractDecimal(formatExact(actual), formatExact(expected))),
      }));
    }
  }
  for (const key of [...theirs.keys()].sort()) {
    if (!seen.has(key)) rows.push(checkRow(CHECK, 'fail', key, { expected: 'a partner bill of ours', actual: 'missing in our bills' }));
  }
  if (rows.length === 0) rows.push(checkRow(CHECK, 'ok', 'no partner bills and no provider summary rows for the period'));
  return rows;
}
