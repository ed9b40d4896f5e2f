import { Dec } from '../money/decimal';
import { ExactSum, compareDecimal, normalizeDecimal, signOfDecimal } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, roundAmount, roundBreakdown, splitTax, type RoundingPolicy } from '../money/rounding';
import type { FeeRecord } from '../records/types';
import type { IncentivePolicyRow, Partner, SpecialIncentiveRow } from '../reference/types';
import type {
  IncentiveCorrectionLine, IncentiveInvoice, IncentivePolicy, IncentiveServiceLine, IncentiveStatement, SpecialIncentiveLine,
} from './incentiveStatement';

/**
 * A solution provider whose payout needs an invoice but whose partners.csv row lacks the rate,
 * the content or the signing entity: its statement cannot say what to invoice, so it is parked.
 */
export class IncentiveDataError extends Error {
  override readonly name = 'IncentiveDataError';
  readonly code = 'incentive.invoice_data' as const;
}

/** Payout methods that require the partner to invoice the platform (DOMAIN §5.3). */
const INVOICED_PAYOUTS: ReadonlySet<string> = new Set(['bank', 'platform_account']);

export interface IncentiveOptions {
  period: string;
  revision: number;
  partner: Partner;
  /** The statement's currency; the partner's own (its `currency`, else CNY) when absent. */
  currency?: string;
  /** The policy rows of this currency (policiesOfCurrency). */
  policies: readonly IncentivePolicyRow[];
  /** The partner's special-incentive rows of the period. */
  specials: readonly SpecialIncentiveRow[];
  /** Clawback not yet netted from the partner's previous closed statement (≤ 0), and its period. */
  carriedIn: { amount: string; fromPeriod: string } | undefined;
  /**
   * The partner's in-force (closed) statement of each period that late records are booked for,
   * by period: the rates prior-period corrections earn. A period absent here had no statement.
   */
  originalStatements?: ReadonlyMap<string, Pick<IncentiveStatement, 'totals' | 'services'>>;
  rounding?: RoundingPolicy;
}

/** The performance amount of a record (DOMAIN §5.3): cash + credit + stored-value card + debt; vouchers, bonus, write-offs excluded. */
export function performanceOf(record: FeeRecord): string {
  const a = record.amounts;
  return new ExactSum().add(a.cash).add(a.credit).add(a.storedValueCard).add(a.debt).value();
}

/** Rows of `incentive-policies.csv` that apply to a period (valid_from ≤ period ≤ valid_to, empty = open). */
export function policiesValidIn(policies: readonly IncentivePolicyRow[], period: string): IncentivePolicyRow[] {
  return policies.filter((p) => (p.validFrom === '' || p.validFrom <= period) && (p.validTo === '' || period <= p.validTo));
}

interface ServiceSums {
  consumption: ExactSum;
  refunds: ExactSum;
  newCustomers: ExactSum;
  records: number;
}

/**
 * Builds one solution provider's incentive statement for a period (DOMAIN §5.3) while its
 * customers' records stream by. The caller attributes records (association at trade_time) and
 * books each refund to the service of its original order.
 *
 * Decisions where the DOMAIN is silent:
 * - a service's rows are its own valid rows, else the `*` rows; without any row its performance
 *   counts toward tiers but earns nothing (shown with policy null, reported);
 * - the tier of a service is its row with the highest min_period_performance that the total
 *   performance, as shown (rounded once), reaches; a row without a minimum (≤ 0) applies even to
 *   a negative total, so refunds above consumption claw back at the base rate; with rows of several policies for one service
 *   the applied row's policy decides, and policy 2 is recognised on the service's lowest-tier row
 *   (exclusion cannot depend on a total that the exclusion changes);
 * - rate × performance is taken exactly per service and rounded once in base_incentive; special
 *   programs likewise (a program's rows summed, then capped, then all programs rounded once);
 * - new-customer performance is the performance of customers whose association with the partner
 *   starts in the period (the caller flags them), with the same exclusions.
 */
export class IncentiveBuilder {
  private readonly services = new Map<string, ServiceSums>();
  /** Late records by original period and service: `${period} ${service}`. */
  private readonly corrections = new Map<string, { period: string; service: string; performance: ExactSum; records: number }>();
  private readonly policy: RoundingPolicy;

  constructor(private readonly options: IncentiveOptions) {
    this.policy = options.rounding ?? DEFAULT_ROUNDING;
  }

  /** A record of the partner's customer; `service` is the service it is booked to. */
  add(record: FeeRecord, service: string, newCustomer: boolean): void {
    const sums = this.services.get(service) ?? { consumption: new ExactSum(), refunds: new ExactSum(), newCustomers: new ExactSum(), records: 0 };
    const amount = performanceOf(record);
    (record.kind === 'refund' ? sums.refunds : sums.consumption).add(amount);
    if (newCustomer) sums.newCustomers.add(amount);
    sums.records += 1;
    this.services.set(service, sums);
  }

  /**
   * A late record of the closed `originalPeriod` attributed to the partner (a prior-period
   * correction, DOMAIN §3); `service` is the service it is booked to (a refund: its order's).
   * It changes that period's performance, not this one's.
   */
  addCorrection(record: FeeRecord, service: string, originalPeriod: string): void {
    const key = `${originalPeriod} ${service}`;
    const entry = this.corrections.get(key) ?? { period: originalPeriod, service, performance: new ExactSum(), records: 0 };
    entry.performance.add(performanceOf(record));
    entry.records += 1;
    this.corrections.set(key, entry);
  }

  finish(otherCurrencyRecords = 0): IncentiveStatement {
    const { period, partner } = this.options;
    const show = (v: string) => roundAmount(v, this.policy);
    const valid = policiesValidIn(this.options.policies, period);
    const codes = [...this.services.keys()].sort();
    const rowsOf = new Map(codes.map((c) => [c, serviceRows(valid, c)]));
    const counted = codes.filter((c) => lowestTier(rowsOf.get(c)!.rows)?.policy !== 2);
    const total = new ExactSum();
    const newCustomerTotal = new ExactSum();
    for (const c of counted) {
      const s = this.services.get(c)!;
      total.add(s.consumption.value()).add(s.refunds.value());
      newCustomerTotal.add(s.newCustomers.value());
    }
    const shownTotal = show(total.value());

    const lines: IncentiveServiceLine[] = codes.map((code) => {
      const s = this.services.get(code)!;
      const { rows, source } = rowsOf.get(code)!;
      const performanceExact = new ExactSum().add(s.consumption.value()).add(s.refunds.value()).value();
      const countsTowardTier = counted.includes(code);
      // An excluded service (policy 2) reaches no tier; its policy is shown from its rows.
      const tier = countsTowardTier ? tierReached(rows, shownTotal) : undefined;
      const policy: IncentivePolicy | null = tier?.policy ?? (rows.length > 0 ? lowestTier(rows)!.policy : null);
      const earns = tier !== undefined && (tier.policy === 0 || tier.policy === 1) && countsTowardTier;
      const rate = earns ? tier.rate : '0';
      const incentiveExact = normalizeDecimal(new Dec(rate).times(performanceExact).toFixed());
      return {
        service_type_code: code,
        policy,
        policy_source: source,
        tier_min_period_performance: tier ? show(tier.minPeriodPerformance) : null,
        rate,
        performance: show(performanceExact),
        consumption: show(s.consumption.value()),
        refunds: show(s.refunds.value()),
        incentive: show(incentiveExact),
        incentive_exact: incentiveExact,
        performance_exact: performanceExact,
        counts_toward_tier: countsTowardTier,
        records: s.records,
      };
    });
    const countedLines = lines.filter((l) => l.counts_toward_tier);
    const performanceBreakdown = roundBreakdown(countedLines.map((l) => l.performance_exact), this.policy);
    const incentiveBreakdown = roundBreakdown(countedLines.map((l) => l.incentive_exact), this.policy);

    const special = specialLines(this.options.specials, total.value(), newCustomerTotal.value(), show);
    const specialBreakdown = roundBreakdown(special.exact, this.policy);
    const baseIncentive = incentiveBreakdown.total;
    const specialIncentive = specialBreakdown.total;
    const periodResult = show(new ExactSum().add(baseIncentive).add(specialIncentive).value());
    const corrections = this.correctionLines();
    const correctionsTotal = show(corrections.reduce((acc, l) => acc.add(l.incentive), new ExactSum()).value());
    const carriedIn = show(this.options.carriedIn?.amount ?? '0');
    const balance = new ExactSum().add(periodResult).add(correctionsTotal).add(carriedIn).value();
    const payable = signOfDecimal(balance) > 0 ? show(balance) : show('0');
    const carriedOut = signOfDecimal(balance) < 0 ? show(balance) : show('0');

    return {
      period,
      revision: this.options.revision,
      partner_id: partner.partnerId,
      currency: this.options.currency ?? primaryCurrencyOf(partner),
      totals: {
        performance: performanceBreakdown.total,
        base_incentive: baseIncentive,
        special_incentive: specialIncentive,
        carried_in: carriedIn,
        payable,
        carried_out: carriedOut,
        period_result: periodResult,
        corrections: correctionsTotal,
      },
      invoice: invoiceNotice(partner, payable, this.policy),
      partner_name: partner.name,
      payout_method: partner.payoutMethod,
      services: lines,
      services_rounding_residual: { performance: performanceBreakdown.residual, incentive: incentiveBreakdown.residual },
      special: special.lines,
      special_rounding_residual: specialBreakdown.residual,
      corrections,
      carried_in_from: this.options.carriedIn?.fromPeriod ?? null,
      other_currency_records: otherCurrencyRecords,
    };
  }

  /** Prior-period corrections per original period × service, each line's incentive rounded once like a service line's. */
  private correctionLines(): IncentiveCorrectionLine[] {
    const show = (v: string) => roundAmount(v, this.policy);
    return [...this.corrections.values()]
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
      .map((c) => {
        const earned = originalRate(this.options.originalStatements?.get(c.period), this.options.policies, c.period, c.service, this.policy);
        const performanceExact = c.performance.value();
        const incentiveExact = normalizeDecimal(new Dec(earned.rate).times(performanceExact).toFixed());
        return {
          original_period: c.period,
          service_type_code: c.service,
          performance: show(performanceExact),
          rate: earned.rate,
          incentive: show(incentiveExact),
          records: c.records,
          policy: earned.policy,
          rate_source: earned.rate_source,
          tier_min_period_performance: earned.tier_min_period_performance,
          performance_exact: performanceExact,
          incentive_exact: incentiveExact,
        };
      });
  }
}

/**
 * The rate a service earned in an earlier period, for its prior-period corrections: the rate the
 * period's statement shows for the service; for a service not on that statement, the period's
 * policy rows for it at the tier that statement's total performance reached (the tier is never
 * re-evaluated with the late records); no statement of that period: nothing is earned. Policy 2
 * (excluded), 13 and a service without rows earn 0.
 */
export function originalRate(
  statement: Pick<IncentiveStatement, 'totals' | 'services'> | undefined, policies: readonly IncentivePolicyRow[], period: string, code: string,
  policy: RoundingPolicy = DEFAULT_ROUNDING,
): Pick<IncentiveCorrectionLine, 'rate' | 'policy' | 'rate_source' | 'tier_min_period_performance'> {
  if (statement === undefined) return { rate: '0', policy: null, rate_source: 'no_statement', tier_min_period_performance: null };
  const line = statement.services.find((l) => l.service_type_code === code);
  if (line !== undefined) {
    return {
      rate: line.counts_toward_tier ? line.rate : '0', policy: line.policy, rate_source: 'statement',
      tier_min_period_performance: line.tier_min_period_performance,
    };
  }
  const { rows } = serviceRows(policiesValidIn(policies, period), code);
  const lowest = lowestTier(rows);
  if (lowest?.policy === 2) return { rate: '0', policy: 2, rate_source: 'policy', tier_min_period_performance: null };
  const tier = tierReached(rows, statement.totals.performance);
  const applied: IncentivePolicy | null = tier?.policy ?? lowest?.policy ?? null;
  const earns = tier !== undefined && (applied === 0 || applied === 1);
  return {
    rate: earns ? tier.rate : '0', policy: applied, rate_source: 'policy',
    tier_min_period_performance: tier ? roundAmount(tier.minPeriodPerformance, policy) : null,
  };
}

/** A service's applicable rows: its own, else the `*` rows. */
export function serviceRows(valid: readonly IncentivePolicyRow[], code: string): { rows: IncentivePolicyRow[]; source: IncentiveServiceLine['policy_source'] } {
  const own = valid.filter((p) => p.serviceTypeCode === code);
  if (own.length > 0) return { rows: own, source: 'service' };
  const wildcard = valid.filter((p) => p.serviceTypeCode === '*');
  return wildcard.length > 0 ? { rows: wildcard, source: 'wildcard' } : { rows: [], source: 'none' };
}

function lowestTier(rows: readonly IncentivePolicyRow[]): IncentivePolicyRow | undefined {
  return [...rows].sort(byThreshold)[0];
}

/**
 * The row with the highest threshold that `shownTotal` reaches; ties by the higher rate, so row
 * order never matters. A row without a minimum (threshold ≤ 0) always applies, also to a negative
 * total: a month whose refunds exceed its consumption earns a negative incentive (a clawback,
 * carried forward) at the base rate, instead of escaping every tier.
 */
export function tierReached(rows: readonly IncentivePolicyRow[], shownTotal: string): IncentivePolicyRow | undefined {
  const floor = compareDecimal(shownTotal, '0') < 0 ? '0' : shownTotal;
  const reached = rows.filter((r) => compareDecimal(floor, normalizeDecimal(r.minPeriodPerformance)) >= 0).sort(byThreshold);
  return reached[reached.length - 1];
}

function byThreshold(a: IncentivePolicyRow, b: IncentivePolicyRow): number {
  return compareDecimal(normalizeDecimal(a.minPeriodPerformance), normalizeDecimal(b.minPeriodPerformance))
    || compareDecimal(normalizeDecimal(a.rate), normalizeDecimal(b.rate));
}

/** Special programs: rows of one program summed (fixed amounts + rate × basis), then capped. */
function specialLines(
  rows: readonly SpecialIncentiveRow[], performanceExact: string, newCustomerExact: string, show: (v: string) => string,
): { lines: SpecialIncentiveLine[]; exact: string[] } {
  const programs = [...new Set(rows.map((r) => r.program))].sort();
  const lines: SpecialIncentiveLine[] = [];
  const exact: string[] = [];
  for (const program of programs) {
    const of = rows.filter((r) => r.program === program);
    const value = new ExactSum();
    let basisExact: string | null = null;
    const rateRow = of.find((r) => r.rate !== '');
    for (const r of of) {
      if (r.amount !== '') value.add(r.amount);
      else {
        basisExact = r.basis === 'new_customer_performance' ? newCustomerExact : performanceExact;
        value.add(normalizeDecimal(new Dec(r.rate).times(basisExact).toFixed()));
      }
    }
    const caps = of.map((r) => r.cap).filter((c) => c !== '');
    const cap = caps.length === 0 ? null : caps.reduce((a, b) => (compareDecimal(normalizeDecimal(a), normalizeDecimal(b)) <= 0 ? a : b));
    const computed = value.value();
    const capped = cap !== null && compareDecimal(computed, normalizeDecimal(cap)) > 0;
    const final = capped ? normalizeDecimal(cap!) : computed;
    exact.push(final);
    lines.push({
      program,
      kind: rateRow ? 'rate' : 'amount',
      rate: rateRow?.rate ?? null,
      basis: rateRow?.basis === '' ? null : rateRow?.basis ?? null,
      basis_amount: basisExact === null ? null : show(basisExact),
      computed: show(computed),
      cap: cap === null ? null : show(cap),
      capped,
      incentive: show(final),
    });
  }
  return { lines, exact };
}

/** The invoice notice of DOMAIN §5.3; nothing payable means nothing to invoice this period. */
function invoiceNotice(partner: Partner, payable: string, policy: RoundingPolicy): IncentiveInvoice {
  if (INVOICED_PAYOUTS.has(partner.payoutMethod) && signOfDecimal(payable) === 0) {
    return {
      required: false, type: null, gross: null, rate: null, net: null, tax: null, content: null, signing_entity: null,
      note: 'nothing is payable this period: no invoice required',
    };
  }
  if (!INVOICED_PAYOUTS.has(partner.payoutMethod)) {
    const why = partner.payoutMethod === 'voucher_quota'
      ? 'paid as voucher quota (返代金券额度): no invoice required'
      : partner.payoutMethod === 'platform_account_deferred_invoice'
        ? 'paid to the platform account with deferred invoice (记欠票): no invoice required for this statement'
        : 'no payout method given: no invoice required';
    return { required: false, type: null, gross: null, rate: null, net: null, tax: null, content: null, signing_entity: null, note: why };
  }
  const missing = [
    ['invoice_tax_rate', partner.invoiceTaxRate], ['invoice_content', partner.invoiceContent], ['signing_entity', partner.signingEntity],
  ].filter(([, v]) => v === '').map(([k]) => k);
  if (missing.length > 0) {
    throw new IncentiveDataError(`solution provider ${partner.partnerId} is paid by ${partner.payoutMethod}, which needs a VAT special invoice, but partners.csv gives no ${missing.join(', ')}`);
  }
  const tax = splitTax(payable, partner.invoiceTaxRate, policy);
  return {
    required: true,
    type: 'vat_special',
    gross: tax.gross,
    rate: partner.invoiceTaxRate,
    net: tax.net,
    tax: tax.tax,
    content: partner.invoiceContent,
    signing_entity: partner.signingEntity,
    note: `issue a VAT special invoice (增值税专用发票, paper or electronic; never an ordinary invoice) of ${tax.gross} to ${partner.signingEntity}`,
  };
}

/** A partner's own currency: its statements without a currency suffix, and of rows without one. */
export function primaryCurrencyOf(partner: Pick<Partner, 'currency'>): string {
  return partner.currency || 'CNY';
}

/**
 * The policy or special-incentive rows of a statement in `currency`: those that name it, and,
 * for the partner's own currency, those that name none (every file written before rows had a
 * currency).
 */
export function rowsOfCurrency<T extends { currency?: string }>(rows: readonly T[], currency: string, primary: string): T[] {
  return rows.filter((r) => (r.currency === undefined || r.currency === '' ? currency === primary : r.currency === currency));
}

