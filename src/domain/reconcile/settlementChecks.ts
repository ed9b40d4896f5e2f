import { ExactSum, addDecimal, compareDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import type { SettlementStatement } from '../marketplace/settlementStatement';
import type { MarketplaceProduct } from '../reference/types';
import { checkRow, type CheckResult } from './checkResult';

/**
 * Checks of marketplace settlements (DOMAIN §5.2, §7), recomputed from the figures each
 * settlement shows, so that they verify what is issued rather than how it was computed.
 */

const subjectOf = (s: SettlementStatement): string => `merchant ${s.seller_id} ${s.currency}`;

const sum = (values: readonly string[]): string => values.reduce((acc, v) => acc.add(v), new ExactSum()).value();

/** One equation: Σ terms must equal Σ totals exactly; a failing one is a `fail` row. */
function equationRow(check: string, subject: string, terms: readonly string[], totals: readonly string[]): CheckResult | undefined {
  const left = sum(terms);
  const right = sum(totals);
  if (compareDecimal(left, right) === 0) return undefined;
  return checkRow(check, 'fail', subject, { expected: formatExact(right), actual: formatExact(left), difference: formatExact(subtractDecimal(left, right)) });
}

/**
 * `split.conservation`: merchant share + platform fee = paid for every product line, = gross for
 * the statement, and the refunds' reversal adds up (merchant part + platform part = refunds);
 * merchant part + platform part = paid for every prior-period correction line.
 * One `ok` row per statement when everything holds.
 */
export function splitConservationChecks(statements: readonly SettlementStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    const subject = subjectOf(s);
    const t = s.totals;
    const failures = [
      ...s.products.map((p) => equationRow('split.conservation', `${subject} product ${p.product_id}`, [p.merchant_share, p.platform_fee], [p.paid])),
      ...s.refunds.map((r) => equationRow('split.conservation', `${subject} refund ${r.record_id}`, [r.merchant_share, r.platform_fee], [r.paid])),
      ...(s.corrections ?? []).map((c) => equationRow('split.conservation', `${subject} correction ${c.record_id}`, [c.merchant_part, c.platform_part], [c.paid])),
      equationRow('split.conservation', `${subject} gross`, [t.merchant_share, t.platform_fee], [t.gross]),
      equationRow('split.conservation', `${subject} refunds`, [t.refunds_reversed, t.refunds_platform_fee], [t.refunds]),
    ].filter((r): r is CheckResult => r !== undefined);
    rows.push(...(failures.length > 0 ? failures : [checkRow('split.conservation', 'ok', subject, { expected: t.gross, actual: t.gross, difference: '0.00' })]));
  }
  return rows;
}

/**
 * `statement.sum` for settlements: the product lines add up to gross, the refund lines to refunds,
 * net = merchant_share + refunds_reversed, and the settlement identity
 * `net + brought_forward + deducted_from_deposit + payback_receivable = payable + carried_forward`.
 * Prior-period corrections: their lines' merchant parts add up to `totals.corrections`, and so do
 * the cascade's correction steps (what entered `brought_forward` for them).
 */
export function settlementSumChecks(statements: readonly SettlementStatement[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const s of statements) {
    const subject = `settlement ${s.seller_id} ${s.currency}`;
    const t = s.totals;
    const failures = [
      equationRow('statement.sum', `${subject} products`, s.products.map((p) => p.paid), [t.gross]),
      equationRow('statement.sum', `${subject} product shares`, s.products.map((p) => p.merchant_share), [t.merchant_share]),
      equationRow('statement.sum', `${subject} refunds`, s.refunds.map((r) => r.paid), [t.refunds]),
      equationRow('statement.sum', `${subject} refunds_reversed`, s.refunds.map((r) => r.merchant_share), [t.refunds_reversed]),
      equationRow('statement.sum', `${subject} net`, [t.merchant_share, t.refunds_reversed], [t.net]),
      equationRow('statement.sum', `${subject} identity`,
        [t.net, t.brought_forward, t.deducted_from_deposit, t.payback_receivable], [t.payable, t.carried_forward]),
      equationRow('statement.sum', `${subject} corrections`, (s.corrections ?? []).map((c) => c.merchant_part), [t.corrections ?? '0']),
      equationRow('statement.sum', `${subject} corrections brought forward`,
        s.cascade.filter((l) => l.step === 'correction_balance' || l.step === 'correction_deduction').map((l) => l.amount), [t.corrections ?? '0']),
      ...receivableEquations(s, subject),
    ].filter((r): r is CheckResult => r !== undefined);
    rows.push(...(failures.length > 0 ? failures : [checkRow('statement.sum', 'ok', subject)]));
    const overpaid = s.receivable?.overpaid ?? '0';
    if (signOfDecimal(overpaid) !== 0) {
      rows.push(checkRow('receivable.overpaid', 'warn', subject, {
        expected: `payments ≤ ${addDecimal(s.receivable!.brought_forward, s.receivable!.new)} owed`, actual: `${overpaid} paid beyond it (not carried as a credit)`,
      }));
    }
  }
  return rows;
}

/**
 * The payback receivable (docs/settlements.md "Receivables"): open before + this period's
 * payback + overpaid = payments + carried forward, the section agrees with the totals, and this
 * period's receivable is the cascade's payback_receivable.
 */
function receivableEquations(s: SettlementStatement, subject: string): (CheckResult | undefined)[] {
  const r = s.receivable;
  if (r === undefined) return [];
  const t = s.totals;
  return [
    equationRow('statement.sum', `${subject} receivable`, [r.brought_forward, r.new, r.overpaid], [...r.payments.map((p) => p.amount), r.carried_forward]),
    equationRow('statement.sum', `${subject} receivable brought forward`, [r.brought_forward], [t.receivable_brought_forward ?? '0']),
    equationRow('statement.sum', `${subject} receivable carried forward`, [r.carried_forward], [t.receivable_carried_forward ?? '0']),
    equationRow('statement.sum', `${subject} receivable of the period`, [r.new], [t.payback_receivable]),
  ];
}

/**
 * Marketplace refund checks:
 * - `refund.original_ratio` (warn): refunds whose original order is unknown, reversed with the
 *   refunded product's ratio of this period instead of their order's;
 * - `refund.five_day` (warn): five-day refunds (5天无理由) of products that do not offer them.
 */
export function marketplaceRefundChecks(statements: readonly SettlementStatement[], products: readonly MarketplaceProduct[]): CheckResult[] {
  const offersFiveDay = new Map(products.map((p) => [p.productId, p.fiveDayRefund]));
  const rows: CheckResult[] = [];
  let refunds = 0;
  for (const s of statements) {
    refunds += s.refunds.length;
    const unknown = s.refunds.filter((r) => r.ratio_source === 'unknown_order');
    if (unknown.length > 0) {
      rows.push(checkRow('refund.original_ratio', 'warn', subjectOf(s), {
        expected: 'original order known', actual: `${unknown.length} refund(s) reversed at this period's product ratio`,
        records: unknown.map((r) => r.record_id),
      }));
    }
    const lateUnknown = (s.corrections ?? []).filter((c) => c.ratio_source === 'unknown_order');
    if (lateUnknown.length > 0) {
      rows.push(checkRow('refund.original_ratio', 'warn', `${subjectOf(s)} corrections`, {
        expected: 'original order known', actual: `${lateUnknown.length} late refund(s) reversed at the product's ratio of their original period`,
        records: lateUnknown.map((c) => c.record_id),
      }));
    }
    const fiveDay = s.refunds.filter((r) => r.refund_reason === 'five_day' && offersFiveDay.get(r.product_id) !== true);
    if (fiveDay.length > 0) {
      rows.push(checkRow('refund.five_day', 'warn', subjectOf(s), {
        expected: 'five-day refunds only of products with five_day_refund=true',
        actual: [...new Set(fiveDay.map((r) => r.product_id))].sort().join(';'),
        records: fiveDay.map((r) => r.record_id),
      }));
    }
  }
  if (!rows.some((r) => r.check === 'refund.original_ratio')) rows.push(checkRow('refund.original_ratio', 'ok', `${refunds} marketplace refunds`));
  if (!rows.some((r) => r.check === 'refund.five_day')) rows.push(checkRow('refund.five_day', 'ok', `${refunds} marketplace refunds`));
  return rows;
}
