import type {
  IncentiveCorrectionLine, IncentiveInvoice, IncentiveServiceLine, IncentiveStatement, IncentiveTotals, SpecialIncentiveLine,
} from '../incentives/incentiveStatement';
import { renderJson } from './csvFormat';
import { documentWithLineage, type StatementJsonOptions } from './lineage';

/*
 * Every object below is rebuilt as a typed literal, key by key, in the order the file shows:
 * the output then depends on the statement's values only, never on the order its keys were
 * built or stored in (a document read back from the store, a spread, a test literal), and a
 * field added to the type without being placed here fails to compile instead of vanishing.
 * Keys the type does not know are dropped: the file shows the document, not whatever rides along.
 */

function totals(t: IncentiveTotals): IncentiveTotals {
  return {
    performance: t.performance, base_incentive: t.base_incentive, special_incentive: t.special_incentive,
    carried_in: t.carried_in, payable: t.payable, carried_out: t.carried_out,
    period_result: t.period_result,
    corrections: t.corrections,
  };
}

function invoice(i: IncentiveInvoice): IncentiveInvoice {
  return {
    required: i.required, type: i.type, gross: i.gross, rate: i.rate, net: i.net, tax: i.tax,
    content: i.content, signing_entity: i.signing_entity,
    note: i.note,
  };
}

function service(l: IncentiveServiceLine): IncentiveServiceLine {
  return {
    service_type_code: l.service_type_code,
    policy: l.policy,
    policy_source: l.policy_source,
    tier_min_period_performance: l.tier_min_period_performance,
    rate: l.rate,
    performance: l.performance,
    consumption: l.consumption,
    refunds: l.refunds,
    incentive: l.incentive,
    incentive_exact: l.incentive_exact,
    performance_exact: l.performance_exact,
    counts_toward_tier: l.counts_toward_tier,
    records: l.records,
  };
}

function special(l: SpecialIncentiveLine): SpecialIncentiveLine {
  return {
    program: l.program, kind: l.kind, rate: l.rate, basis: l.basis, basis_amount: l.basis_amount,
    computed: l.computed, cap: l.cap, capped: l.capped, incentive: l.incentive,
  };
}

function correction(l: IncentiveCorrectionLine): IncentiveCorrectionLine {
  return {
    original_period: l.original_period,
    service_type_code: l.service_type_code,
    performance: l.performance,
    rate: l.rate,
    incentive: l.incentive,
    records: l.records,
    policy: l.policy,
    rate_source: l.rate_source,
    tier_min_period_performance: l.tier_min_period_performance,
    performance_exact: l.performance_exact,
    incentive_exact: l.incentive_exact,
  };
}

/**
 * incentive.json (DOMAIN §6): the contract's fixed fields first (period, revision, partner_id,
 * currency, totals, invoice; the fixed fields of totals and of invoice leading, nulls kept),
 * then the extras in the type's declaration order. Deterministic bytes.
 */
export function renderIncentiveJson(s: IncentiveStatement, options?: StatementJsonOptions): string {
  const document: IncentiveStatement = {
    period: s.period,
    revision: s.revision,
    partner_id: s.partner_id,
    currency: s.currency,
    totals: totals(s.totals),
    invoice: invoice(s.invoice),
    partner_name: s.partner_name,
    payout_method: s.payout_method,
    services: s.services.map(service),
    services_rounding_residual: { performance: s.services_rounding_residual.performance, incentive: s.services_rounding_residual.incentive },
    special: s.special.map(special),
    special_rounding_residual: s.special_rounding_residual,
    // A document stored before corrections existed has none.
    corrections: (s.corrections ?? []).map(correction),
    carried_in_from: s.carried_in_from,
    other_currency_records: s.other_currency_records,
  };
  return renderJson(documentWithLineage(document, 'incentive', options));
}
