import { ExactSum, compareDecimal, negateDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import type { PartnerStatement } from '../bills/partnerStatement';
import { checkRow, type CheckResult } from './checkResult';

/** One equation shown on a statement: Σ terms must equal `total`. */
interface Equation {
  name: string;
  terms: string[];
  total: string;
}

function column<T, K extends keyof T>(lines: readonly T[], key: K): string[] {
  return lines.map((l) => l[key] as unknown as string);
}

/** Σ shown lines + residual = drill-down total, per figure; and the drill-down total = the statement's. */
function drillDown<T, K extends keyof T & string>(
  name: string,
  lines: readonly T[],
  residual: Record<K, string>,
  total: Record<K, string>,
  figures: readonly K[],
): Equation[] {
  return figures.map((f) => ({ name: `${name}.${f}`, terms: [...column(lines, f), residual[f]], total: total[f] }));
}

/** Every sum that a reader of the statement can redo with the shown figures. */
function equationsOf(s: PartnerStatement): Equation[] {
  const t = s.totals;
  const fee = ['consumption', 'refunds', 'amount'] as const;
  const equations: Equation[] = [
    ...drillDown('customers', s.customers, s.customers_rounding_residual, t, ['consumption', 'refunds', 'adjustments'] as const),
    { name: 'settlement', terms: [t.consumption, t.refunds, t.adjustments, t.corrections, s.settlement_rounding_residual], total: t.settlement },
    {
      name: 'amount_due',
      terms: [t.settlement, negateDecimal(t.coupons_used), negateDecimal(t.credit_brought_forward), s.amount_due_rounding_residual],
      total: subtractDecimal(t.amount_due, t.credit_carried),
    },
    { name: 'coupons', terms: [s.coupons.from_records, ...s.coupons.partner_coupons.map((c) => c.amount), s.coupons.rounding_residual], total: t.coupons_used },
    { name: 'corrections', terms: [...s.corrections.lines.map((l) => l.amount), s.corrections.rounding_residual], total: t.corrections },
    ...drillDown('referral', s.referral.customers, s.referral.rounding_residual, s.referral.total, ['consumption', 'refunds'] as const),
  ];
  for (const [name, b] of [['by_service_type', s.by_service_type], ['by_region', s.by_region], ['by_charging_mode', s.by_charging_mode], ['by_bill_type', s.by_bill_type]] as const) {
    equations.push(...drillDown(name, b.lines, b.rounding_residual, b.total, fee));
    equations.push({ name: `${name}.total.consumption`, terms: [b.total.consumption], total: t.consumption });
    equations.push({ name: `${name}.total.refunds`, terms: [b.total.refunds], total: t.refunds });
  }
  if (s.resellers) {
    const figures = ['consumption', 'refunds', 'adjustments', 'corrections', 'settlement'] as const;
    equations.push(...drillDown('resellers', s.resellers.lines, s.resellers.rounding_residual, s.resellers.total, figures));
    equations.push(...figures.map((f) => ({ name: `resellers.total.${f}`, terms: [s.resellers!.total[f]], total: t[f] })));
  }
  return equations;
}

function sumOf(terms: readonly string[]): string {
  const acc = new ExactSum();
  for (const v of terms) acc.add(v);
  return acc.value();
}

/**
 * `statement.sum` (DOMAIN §7): on every statement, shown sub-totals + rounding residual = shown
 * total for each drill-down and figure, drill-down totals = statement totals, the settlement and
 * amount-due identities hold, and amount_due / credit_carried are ≥ 0 and never both > 0.
 * One fail per broken equation; one ok row per statement otherwise.
 */
export function statementSumChecks(statements: readonly PartnerStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    const subject = `${s.partner_id} ${s.currency}`;
    const equations = equationsOf(s);
    let failed = 0;
    for (const e of equations) {
      const sum = sumOf(e.terms);
      if (compareDecimal(sum, e.total) === 0) continue;
      failed += 1;
      rows.push(checkRow('statement.sum', 'fail', `${subject} ${e.name}`, {
        expected: formatExact(e.total),
        actual: formatExact(sum),
        difference: formatExact(subtractDecimal(sum, e.total)),
      }));
    }
    const due = signOfDecimal(s.totals.amount_due);
    const credit = signOfDecimal(s.totals.credit_carried);
    if (due < 0 || credit < 0 || (due > 0 && credit > 0)) {
      failed += 1;
      rows.push(checkRow('statement.sum', 'fail', `${subject} amount_due/credit_carried`, {
        expected: 'both ≥ 0, at most one > 0',
        actual: `${s.totals.amount_due} / ${s.totals.credit_carried}`,
      }));
    }
    if (failed === 0) rows.push(checkRow('statement.sum', 'ok', `${subject}: ${equations.length + 1} sums`));
  }
  if (statements.length === 0) rows.push(checkRow('statement.sum', 'ok', 'no statements'));
  return rows;
}
