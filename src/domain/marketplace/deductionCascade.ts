import { compareDecimal, ExactSum, negateDecimal, normalizeDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, roundAmount, type RoundingPolicy } from '../money/rounding';
import { PRODUCT_CLASSES, type ProductClass } from './shareRatio';

/** Something an earlier period left: an unpaid balance of a class (> 0) or a pending deduction (< 0). */
export type BroughtForward =
  | { kind: 'unpaid'; product_class: ProductClass; from_period: string; amount: string }
  | { kind: 'deduction'; from_period: string; amount: string };

export interface CascadeInput {
  period: string;
  /** The period's net (merchant_share + refunds_reversed) per product class, in cents; may be negative. */
  netByClass: Partial<Record<ProductClass, string>>;
  broughtForward: readonly BroughtForward[];
  /**
   * Prior-period corrections (DOMAIN §3): late records of closed earlier periods booked by this
   * close, as brought-forward items naming their original period. An `unpaid` item (> 0: late
   * sales owe the merchant its share) joins its class's balance and is paid subject to the
   * threshold; a `deduction` item (< 0: late refunds) is absorbed like a carried deduction, then
   * taken from the deposit, then a payback receivable; it is never carried. They count in
   * `brought_forward` and show as `correction_balance` / `correction_deduction` steps.
   */
  corrections?: readonly BroughtForward[];
  /** The merchant's deposit (保证金) before this period, ≥ 0. */
  depositBalance: string;
  /** Payment threshold per class, in the statement's currency; DOMAIN §5.2: 1 000 yuan. */
  paymentThreshold?: string;
}

export type CascadeStep =
  | 'period_net' | 'unpaid_brought_forward' | 'deduction_brought_forward' | 'correction_balance' | 'correction_deduction' | 'deduction_absorbed'
  | 'deducted_from_deposit' | 'payback_receivable' | 'deduction_carried_forward'
  | 'payable' | 'unpaid_carried_forward';

/** A visible statement line: one step of the cascade and the period its amount came from. */
export interface CascadeLine {
  step: CascadeStep;
  /** Class of the balance concerned; null for merchant-wide deductions. */
  product_class: ProductClass | null;
  from_period: string;
  amount: string;
}

/** The cascade's part of settlement.json `totals` (DOMAIN §6). */
export interface CascadeTotals {
  net: string;
  brought_forward: string;
  deducted_from_deposit: string;
  payback_receivable: string;
  payable: string;
  carried_forward: string;
}

export interface CascadeResult {
  totals: CascadeTotals;
  lines: CascadeLine[];
  /** What the next period receives as its `broughtForward`. */
  carried: BroughtForward[];
  /** Deposit left after this period, carried forward to the next. */
  deposit_remaining: string;
}

export const DEFAULT_PAYMENT_THRESHOLD = '1000';

interface ClassBalance { product_class: ProductClass; since: string; amount: string }
interface Deduction { from_period: string; amount: string; carried: boolean }

/**
 * The deduction cascade and payment threshold of DOMAIN §5.2, for one merchant × period ×
 * currency. Every amount is in cents; the identity
 * `net + brought_forward + deducted_from_deposit + payback_receivable = payable + carried_forward`
 * holds exactly.
 *
 * Decisions where the DOMAIN is silent:
 * - each class's balance is its unpaid balance brought forward plus its net of the period; a
 *   class whose balance is negative (refunds above sales and unpaid) becomes a merchant-wide
 *   deduction of this period, because refunds are owed by the merchant, not by a class;
 * - deductions are absorbed oldest first (carried ones before this period's), each from the
 *   classes' positive balances in the order generic, joint, platform, curated: a carried deduction
 *   has no later chance, so it comes before one that still may be carried;
 * - a carried deduction not fully absorbed goes to the deposit, then to payback; it is never
 *   carried again. This period's own unabsorbed deduction is carried forward once, as one line;
 * - the threshold is tested per class after absorption (unpaid balances also absorb deductions,
 *   being the merchant's money held by the platform); a class reaching it is paid in full;
 * - a deduction and an unpaid balance never coexist afterwards: a deduction left means every
 *   balance was absorbed, so carried_forward is one signed figure;
 * - an unpaid balance carried forward keeps the oldest period it has accumulated since; a payable
 *   line carries the period it is paid in (its origins are on the unpaid_brought_forward lines);
 * - prior-period corrections are brought-forward items of their original period: a balance
 *   (late sales) joins its class like an unpaid balance, a deduction (late refunds) is treated
 *   like a carried deduction (absorbed, then deposit, then payback; never carried).
 */
export function runDeductionCascade(input: CascadeInput, policy: RoundingPolicy = DEFAULT_ROUNDING): CascadeResult {
  const cents = (what: string, v: string): string => {
    if (compareDecimal(roundAmount(v, policy), v) !== 0) throw new Error(`${what} ${v} is not a whole amount at ${policy.scale} decimals`);
    return normalizeDecimal(v);
  };
  const show = (v: string): string => roundAmount(v, policy);
  const lines: CascadeLine[] = [];
  const line = (step: CascadeStep, product_class: ProductClass | null, from_period: string, amount: string): void => {
    lines.push({ step, product_class: product_class, from_period: from_period, amount: show(amount) });
  };
  const deposit = cents('deposit balance', input.depositBalance);
  if (signOfDecimal(deposit) < 0) throw new Error(`deposit balance ${deposit} is negative`);
  const { balances, deductions, net, broughtForward } = openBalances(input, cents, line);

  const depositLeft = new ExactSum().add(deposit);
  const fromDeposit = new ExactSum();
  const payback = new ExactSum();
  const carried: BroughtForward[] = [];
  for (const d of deductions) {
    let open = negateDecimal(d.amount);
    for (const b of balances) {
      if (signOfDecimal(open) === 0) break;
      const take = minDecimal(open, b.amount);
      if (signOfDecimal(take) <= 0) continue;
      b.amount = subtractDecimal(b.amount, take);
      open = subtractDecimal(open, take);
      line('deduction_absorbed', b.product_class, d.from_period, take);
    }
    if (signOfDecimal(open) === 0) continue;
    if (!d.carried) {
      line('deduction_carried_forward', null, d.from_period, negateDecimal(open));
      carried.push({ kind: 'deduction', from_period: d.from_period, amount: show(negateDecimal(open)) });
      continue;
    }
    const take = minDecimal(open, depositLeft.value());
    if (signOfDecimal(take) > 0) {
      depositLeft.add(negateDecimal(take));
      fromDeposit.add(take);
      line('deducted_from_deposit', null, d.from_period, take);
    }
    const rest = subtractDecimal(open, take);
    if (signOfDecimal(rest) > 0) {
      payback.add(rest);
      line('payback_receivable', null, d.from_period, rest);
    }
  }

  const payable = new ExactSum();
  const threshold = input.paymentThreshold ?? DEFAULT_PAYMENT_THRESHOLD;
  for (const b of balances) {
    if (signOfDecimal(b.amount) <= 0) continue;
    if (compareDecimal(b.amount, threshold) >= 0) {
      payable.add(b.amount);
      line('payable', b.product_class, input.period, b.amount);
    } else {
      line('unpaid_carried_forward', b.product_class, b.since, b.amount);
      carried.push({ kind: 'unpaid', product_class: b.product_class, from_period: b.since, amount: show(b.amount) });
    }
  }
  const carriedForward = new ExactSum();
  for (const c of carried) carriedForward.add(c.amount);
  return {
    totals: {
      net: show(net), brought_forward: show(broughtForward),
      deducted_from_deposit: show(fromDeposit.value()), payback_receivable: show(payback.value()),
      payable: show(payable.value()), carried_forward: show(carriedForward.value()),
    },
    lines,
    carried,
    deposit_remaining: show(depositLeft.value()),
  };
}

/** Class balances (brought-forward unpaid + net) and the deductions to absorb, oldest first. */
function openBalances(
  input: CascadeInput,
  cents: (what: string, v: string) => string,
  line: (step: CascadeStep, c: ProductClass | null, p: string, a: string) => void,
): { balances: ClassBalance[]; deductions: Deduction[]; net: string; broughtForward: string } {
  const net = new ExactSum();
  const broughtForward = new ExactSum();
  const carriedDeductions: Deduction[] = [];
  const balances: ClassBalance[] = PRODUCT_CLASSES.map((c) => ({ product_class: c, since: input.period, amount: '0' }));
  // Carried items and corrections together, oldest first (a stable sort: carried items before the
  // corrections of the same period); deductions are absorbed in this order.
  const bf = [
    ...input.broughtForward.map((item) => ({ item, correction: false })),
    ...(input.corrections ?? []).map((item) => ({ item, correction: true })),
  ].sort((a, b) => (a.item.from_period < b.item.from_period ? -1 : a.item.from_period > b.item.from_period ? 1 : 0));
  for (const { item, correction } of bf) {
    const what = correction ? 'prior-period correction' : 'brought-forward amount';
    const amount = cents(what, item.amount);
    if (item.from_period >= input.period) throw new Error(`${what} from ${item.from_period} is not from a period before ${input.period}`);
    broughtForward.add(amount);
    if (item.kind === 'deduction') {
      if (signOfDecimal(amount) >= 0) throw new Error(`${correction ? 'correction deduction' : 'pending deduction'} from ${item.from_period} must be negative, got ${amount}`);
      carriedDeductions.push({ from_period: item.from_period, amount, carried: true });
      line(correction ? 'correction_deduction' : 'deduction_brought_forward', null, item.from_period, amount);
      continue;
    }
    if (signOfDecimal(amount) <= 0) throw new Error(`${correction ? 'correction balance' : 'unpaid balance'} from ${item.from_period} must be positive, got ${amount}`);
    const b = balances.find((x) => x.product_class === item.product_class)!;
    if (item.from_period < b.since) b.since = item.from_period;
    b.amount = normalizeDecimal(new ExactSum().add(b.amount).add(amount).value());
    line(correction ? 'correction_balance' : 'unpaid_brought_forward', item.product_class, item.from_period, amount);
  }
  const fresh = new ExactSum();
  for (const b of balances) {
    const classNet = cents('net', input.netByClass[b.product_class] ?? '0');
    net.add(classNet);
    if (input.netByClass[b.product_class] !== undefined) line('period_net', b.product_class, input.period, classNet);
    b.amount = new ExactSum().add(b.amount).add(classNet).value();
    if (signOfDecimal(b.amount) < 0) {
      fresh.add(b.amount);
      b.amount = '0';
    }
  }
  const deductions = fresh.sign() < 0 ? [...carriedDeductions, { from_period: input.period, amount: fresh.value(), carried: false }] : carriedDeductions;
  return { balances, deductions, net: net.value(), broughtForward: broughtForward.value() };
}

function minDecimal(a: string, b: string): string {
  return compareDecimal(a, b) <= 0 ? a : b;
}
