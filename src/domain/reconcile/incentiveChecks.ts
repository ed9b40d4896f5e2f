import { ExactSum, compareDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact, roundAmount } from '../money/rounding';
import { policiesValidIn, rowsOfCurrency, serviceRows, tierReached } from '../incentives/incentiveBuilder';
import type { IncentiveStatement } from '../incentives/incentiveStatement';
import type { IncentivePolicyRow } from '../reference/types';
import { checkRow, type CheckResult } from './checkResult';

/**
 * Checks of incentive statements (DOMAIN §5.3, §7), recomputed from the figures each statement
 * shows and the policies of the period, so they verify what is issued.
 */

const sum = (values: readonly string[]): string => values.reduce((acc, v) => acc.add(v), new ExactSum()).value();

function equation(check: string, subject: string, terms: readonly string[], totals: readonly string[]): CheckResult | undefined {
  const left = sum(terms);
  const right = sum(totals);
  if (compareDecimal(left, right) === 0) return undefined;
  return checkRow(check, 'fail', subject, { expected: formatExact(right), actual: formatExact(left), difference: formatExact(subtractDecimal(left, right)) });
}

function rowsOrOk(check: string, subject: string, failures: readonly (CheckResult | undefined)[], ok: Partial<CheckResult> = {}): CheckResult[] {
  const rows = failures.filter((r): r is CheckResult => r !== undefined);
  return rows.length > 0 ? rows : [checkRow(check, 'ok', subject, ok)];
}

/**
 * `incentive.performance`: the counted service lines (policy 2 excluded) add up to the
 * statement's performance (shown lines + residual = total), and each line is its consumption
 * plus its refunds; a service with no policy row is reported (warn: it earns nothing).
 */
export function incentivePerformanceChecks(statements: readonly IncentiveStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    const subject = incentiveSubject(s, statements);
    const counted = s.services.filter((l) => l.counts_toward_tier);
    rows.push(...rowsOrOk('incentive.performance', subject, [
      equation('incentive.performance', `${subject} services`, [...counted.map((l) => l.performance), s.services_rounding_residual.performance], [s.totals.performance]),
      equation('incentive.performance', `${subject} exact`, [roundAmount(sum(counted.map((l) => l.performance_exact)))], [s.totals.performance]),
    ], { expected: s.totals.performance, actual: s.totals.performance, difference: '0.00' }));
    const unpoliced = s.services.filter((x) => x.policy === null);
    if (unpoliced.length > 0) {
      rows.push(checkRow('incentive.performance', 'warn', `${subject} services without a policy`, {
        expected: 'a policy row (incentive-policies.csv) for each service or *',
        actual: `${unpoliced.map((l) => l.service_type_code).join(';')} count toward tiers but earn 0`,
      }));
    }
  }
  return rows;
}

/** What the period's records give for one partner, summed apart from the statement: Σ performance of counted services, and the records behind it. */
export interface IncentiveBasis {
  performanceExact: string;
  recordIds: string[];
}

/**
 * `incentive.performance` against the records: the statement's counted performance (exact) equals
 * the performance summed straight from the records attributed to the partner, and so does its
 * record count. `basis` is computed by the caller from the store, independently of the builder,
 * keyed by incentiveBasisKey (a partner has a statement per currency).
 */
export function incentiveBasisKey(partnerId: string, currency: string): string {
  return `${partnerId}|${currency}`;
}

/**
 * `incentive <partner>` for a partner's first statement (its own currency, as before statements
 * per currency), `incentive <partner> <CUR>` for the others.
 */
function incentiveSubject(s: IncentiveStatement, statements: readonly IncentiveStatement[]): string {
  const primary = statements.find((x) => x.partner_id === s.partner_id)?.currency;
  return `incentive ${s.partner_id}${s.currency === primary ? '' : ` ${s.currency}`}`;
}

export function incentiveBasisChecks(statements: readonly IncentiveStatement[], basis: ReadonlyMap<string, IncentiveBasis>): CheckResult[] {
  return statements.map((s) => {
    const b = basis.get(incentiveBasisKey(s.partner_id, s.currency)) ?? { performanceExact: '0', recordIds: [] };
    const counted = s.services.filter((l) => l.counts_toward_tier);
    const stated = sum(counted.map((l) => l.performance_exact));
    const statedRecords = counted.reduce((n, l) => n + l.records, 0);
    const ties = compareDecimal(stated, b.performanceExact) === 0 && statedRecords === b.recordIds.length;
    return checkRow('incentive.performance', ties ? 'ok' : 'fail', `${incentiveSubject(s, statements)} records`, {
      expected: `${formatExact(b.performanceExact)} from ${b.recordIds.length} records`,
      actual: `${formatExact(stated)} from ${statedRecords} records`,
      difference: formatExact(subtractDecimal(stated, b.performanceExact)),
      records: ties ? [] : b.recordIds,
    });
  });
}

/** `incentive.tier`: each earning service's tier is the highest of its rows that the shown total performance reaches. */
export function incentiveTierChecks(statements: readonly IncentiveStatement[], policies: readonly IncentivePolicyRow[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    // The rows of the statement's currency: those naming it, and for the partner's own (first) statement those naming none.
    const primary = statements.find((x) => x.partner_id === s.partner_id)!.currency;
    const valid = policiesValidIn(rowsOfCurrency(policies, s.currency, primary), s.period);
    const failures = s.services.filter((l) => l.counts_toward_tier).map((l) => {
      const expected = tierReached(serviceRows(valid, l.service_type_code).rows, s.totals.performance);
      const expectedThreshold = expected ? roundAmount(expected.minPeriodPerformance) : null;
      const expectedRate = expected && (expected.policy === 0 || expected.policy === 1) ? expected.rate : '0';
      if (expectedThreshold === l.tier_min_period_performance && compareDecimal(expectedRate, l.rate) === 0) return undefined;
      return checkRow('incentive.tier', 'fail', `${incentiveSubject(s, statements)} service ${l.service_type_code}`, {
        expected: `tier ${expectedThreshold ?? 'none'} rate ${expectedRate}`, actual: `tier ${l.tier_min_period_performance ?? 'none'} rate ${l.rate}`,
      });
    });
    rows.push(...rowsOrOk('incentive.tier', incentiveSubject(s, statements), failures, { actual: `performance ${s.totals.performance}` }));
  }
  return rows;
}

/** `incentive.cap`: every special program respects its cap, and is capped only when above it. */
export function incentiveCapChecks(statements: readonly IncentiveStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    for (const l of s.special) {
      const subject = `${incentiveSubject(s, statements)} program ${l.program}`;
      const over = l.cap !== null && compareDecimal(l.incentive, l.cap) > 0;
      const wrong = l.capped ? l.cap === null || compareDecimal(l.incentive, l.cap) !== 0 || compareDecimal(l.computed, l.cap) <= 0
        : compareDecimal(l.incentive, l.computed) !== 0;
      rows.push(checkRow('incentive.cap', over || wrong ? 'fail' : 'ok', subject, {
        expected: l.cap === null ? 'no cap' : `≤ ${l.cap}`, actual: l.incentive, difference: l.capped ? formatExact(subtractDecimal(l.computed, l.incentive)) : '0.00',
      }));
    }
  }
  return rows;
}

/**
 * `statement.sum` for incentives: base = lines + residual, result = base + special, corrections =
 * Σ correction lines (each rounded once, so no residual), payable + carried_out = result +
 * corrections + carried_in, net + tax = gross.
 */
export function incentiveSumChecks(statements: readonly IncentiveStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    const subject = incentiveSubject(s, statements);
    const t = s.totals;
    const counted = s.services.filter((l) => l.counts_toward_tier);
    const failures = [
      equation('statement.sum', `${subject} base_incentive`, [...counted.map((l) => l.incentive), s.services_rounding_residual.incentive], [t.base_incentive]),
      equation('statement.sum', `${subject} special_incentive`, [...s.special.map((l) => l.incentive), s.special_rounding_residual], [t.special_incentive]),
      equation('statement.sum', `${subject} period_result`, [t.base_incentive, t.special_incentive], [t.period_result]),
      equation('statement.sum', `${subject} corrections`, (s.corrections ?? []).map((l) => l.incentive), [t.corrections ?? '0']),
      equation('statement.sum', `${subject} carry`, [t.payable, t.carried_out], [t.period_result, t.corrections ?? '0', t.carried_in]),
      compareDecimal(t.payable, '0') < 0 || compareDecimal(t.carried_out, '0') > 0 || compareDecimal(t.carried_in, '0') > 0
        ? checkRow('statement.sum', 'fail', `${subject} signs`, { expected: 'payable ≥ 0, carried_in ≤ 0, carried_out ≤ 0', actual: `${t.payable} ${t.carried_in} ${t.carried_out}` })
        : undefined,
      s.invoice.required ? equation('statement.sum', `${subject} invoice`, [s.invoice.net ?? '0', s.invoice.tax ?? '0'], [s.invoice.gross ?? '0']) : undefined,
      s.invoice.required ? equation('statement.sum', `${subject} invoice gross`, [s.invoice.gross ?? '0'], [t.payable]) : undefined,
    ];
    rows.push(...rowsOrOk('statement.sum', subject, failures));
  }
  return rows;
}
