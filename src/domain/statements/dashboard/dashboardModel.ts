import type { PartnerStatement } from '../../bills/partnerStatement';
import type { IncentiveStatement } from '../../incentives/incentiveStatement';
import type { SettlementStatement } from '../../marketplace/settlementStatement';
import { subtractDecimal, sumDecimals } from '../../money/exactDecimal';
import { formatExact } from '../../money/rounding';
import type { ManagerView } from '../../managers/managerCustomers';
import type { CheckResult } from '../../reconcile/checkResult';
import { compareText } from '../../text/compareText';

/** A statement of the run and the path of its files without extension (`partners/P-1/statement`). */
export interface Placed<T> {
  base: string;
  statement: T;
}

/** One partner statement's shown totals of an earlier closed period (the trend's history). */
export interface PastTotals {
  period: string;
  currency: string;
  totals: Record<string, string>;
}

export interface DashboardInput {
  period: string;
  revision: number;
  zone: string;
  partners: readonly Placed<PartnerStatement>[];
  settlements: readonly Placed<SettlementStatement>[];
  incentives: readonly Placed<IncentiveStatement>[];
  checks: readonly CheckResult[];
  /** Partner statements of the periods closed before this one (their revision in force). */
  history: readonly PastTotals[];
  /** The customer-manager views of the run, with the folder of each. */
  managers: readonly { folder: string; view: ManagerView }[];
}

/** One month of the trend: the sums of its partner statements' shown totals. */
export interface TrendMonth {
  period: string;
  consumption: string;
  refunds: string;
  amount_due: string;
}

export interface ManagerLine {
  currency: string;
  manager: string;
  /** Folder of the manager's own pages (`managers/<safe id>`). */
  folder: string;
  customers: number;
  consumption: string;
  refunds: string;
  adjustments: string;
}

export interface PaidLine {
  base: string;
  partner_id: string;
  partner_name: string;
  currency: string;
  /** 应付: consumption + refunds of the bill. */
  payable: string;
  /** Coupons paid on the bill's records. */
  coupons: string;
  /** 实付: payable − coupons paid on the records, what the customers paid themselves. */
  paid: string;
}

export interface DashboardModel {
  period: string;
  revision: number;
  zone: string;
  /** Per currency, oldest month first, this period last. */
  trend: { currency: string; months: TrendMonth[] }[];
  partners: readonly Placed<PartnerStatement>[];
  paid: PaidLine[];
  managers: ManagerLine[];
  settlements: readonly Placed<SettlementStatement>[];
  incentives: readonly Placed<IncentiveStatement>[];
  /** Checks that failed or warned, fails first. */
  issues: CheckResult[];
  checkCounts: { ok: number; warn: number; fail: number };
}

const sum2 = (values: Iterable<string>): string => formatExact(sumDecimals(values));

function trendOf(input: DashboardInput): DashboardModel['trend'] {
  const byCurrency = new Map<string, Map<string, Record<string, string>[]>>();
  const add = (period: string, currency: string, totals: Record<string, string>) => {
    const months = byCurrency.get(currency) ?? new Map<string, Record<string, string>[]>();
    byCurrency.set(currency, months);
    months.set(period, [...(months.get(period) ?? []), totals]);
  };
  for (const h of input.history) add(h.period, h.currency, h.totals);
  for (const p of input.partners) add(input.period, p.statement.currency, p.statement.totals as unknown as Record<string, string>);
  return [...byCurrency.keys()].sort(compareText).map((currency) => ({
    currency,
    months: [...byCurrency.get(currency)!.entries()].sort(([a], [b]) => compareText(a, b)).map(([period, totals]) => ({
      period,
      consumption: sum2(totals.map((t) => t.consumption ?? '0')),
      refunds: sum2(totals.map((t) => t.refunds ?? '0')),
      amount_due: sum2(totals.map((t) => t.amount_due ?? '0')),
    })),
  }));
}

/**
 * What a period's dashboard shows, from the run's statements, its reconciliation and the
 * totals of the periods closed before it. Sums are exact sums of the statements' shown figures
 * (so a month's bar is the sum of the bills it links to); nothing is recomputed from records.
 */
export function buildDashboardModel(input: DashboardInput): DashboardModel {
  const issues = input.checks.filter((c) => c.status !== 'ok')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const count = (status: CheckResult['status']) => input.checks.filter((c) => c.status === status).length;
  return {
    period: input.period,
    revision: input.revision,
    zone: input.zone,
    trend: trendOf(input),
    partners: input.partners,
    paid: input.partners.map(({ base, statement: s }) => {
      const payable = sum2([s.totals.consumption, s.totals.refunds]);
      return {
        base, partner_id: s.partner_id, partner_name: s.partner_name, currency: s.currency,
        payable, coupons: s.coupons.from_records, paid: formatExact(subtractDecimal(payable, s.coupons.from_records)),
      };
    }),
    managers: input.managers.flatMap(({ folder, view }) => view.totals.map((t) => ({
      currency: t.currency, manager: view.account_manager_id, folder, customers: t.customers,
      consumption: t.total.consumption, refunds: t.total.refunds, adjustments: t.total.adjustments,
    }))),
    settlements: input.settlements,
    incentives: input.incentives,
    issues,
    checkCounts: { ok: count('ok'), warn: count('warn'), fail: count('fail') },
  };
}
