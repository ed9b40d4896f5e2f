import { compareDecimal, ExactSum, negateDecimal, signOfDecimal } from '../money/exactDecimal';
import { roundAmount, type RoundingPolicy } from '../money/rounding';
import { compareText } from '../text/compareText';
import type { PartnerVoucherRow } from '../reference/types';

/**
 * Partner-issued vouchers (代金券, docs/partner-funds.md "Vouchers"): a partner issues vouchers to
 * its resale customers from its voucher quota (代金券额度, voucher-quotas.csv), reclaims a
 * customer's whole remaining voucher balance while it is usable, and gets it back automatically
 * when the customer leaves it. What a customer's records pay with vouchers (coupon_amount) uses
 * its balance as far as it holds partner vouchers (the rest is the platform's coupons). Pure, like
 * the fund ledger.
 *
 * quota available  = quota − (opening_used + issued − reclaimed − unbind_reclaimed)
 * customer balance = opening + issued − used − reclaimed − unbind_reclaimed
 */
/** A partner-voucher event (partner-vouchers.csv): issue an amount, or reclaim the whole remaining balance. */
export type VoucherEvent = PartnerVoucherRow;

export interface VoucherUse {
  partnerId: string;
  customerId: string;
  currency: string;
  timeMs: number;
  /** A record's coupon_amount (a refund's negative one gives back). */
  coupon: string;
  recordId: string;
}

export interface VoucherLedgerInput {
  events: readonly VoucherEvent[];
  uses: readonly VoucherUse[];
  unbinds: readonly { partnerId: string; customerId: string; timeMs: number }[];
  isResale(customerId: string, partnerId: string, timeMs: number): boolean;
  /** voucher-quotas.csv: the partner's quota in a currency (`partner|currency`). */
  quotas: ReadonlyMap<string, string>;
  /** The previous period's closing: quota in use per `partner|currency`, balances per `partner|customer|currency`. */
  openingUsed: ReadonlyMap<string, string>;
  openingCustomers: ReadonlyMap<string, string>;
  timeText(ms: number): string;
}

const CUSTOMER_FIGURES = ['opening_balance', 'issued', 'used', 'reclaimed', 'unbind_reclaimed', 'closing_balance'] as const;
export type VoucherCustomerLine = { customer_id: string } & Record<(typeof CUSTOMER_FIGURES)[number], string>;

export interface VoucherSection {
  quota: string;
  /** Quota taken by vouchers issued and not given back, before and after the period. */
  opening_used: string;
  issued: string;
  reclaimed: string;
  unbind_reclaimed: string;
  closing_used: string;
  available: string;
  customers: VoucherCustomerLine[];
  events: { event_id: string; time: string; operation: string; customer_id: string; amount: string; available_after: string; customer_balance_after: string; memo: string }[];
  rejected: { event_id: string; time: string; operation: string; amount: string; code: 'voucher.not_resale' | 'voucher.insufficient' | 'voucher.nothing_to_reclaim'; message: string }[];
  /** Exact figures (the vouchers.balance check and the next period's openings). */
  exact: { opening_used: string; closing_used: string; customers: VoucherCustomerLine[] };
}

interface Account {
  partnerId: string;
  currency: string;
  quota: string;
  openingUsed: string;
  used: ExactSum;
  issued: ExactSum;
  reclaimed: ExactSum;
  unbindReclaimed: ExactSum;
  customers: Map<string, { opening: string; balance: ExactSum; issued: ExactSum; used: ExactSum; reclaimed: ExactSum; unbind: ExactSum }>;
  events: VoucherSection['events'];
  rejected: VoucherSection['rejected'];
}

/** One VoucherSection per partner and currency with a quota, an opening or an event; keyed `partner|currency`. */
export function computeVoucherLedgers(input: VoucherLedgerInput, policy: RoundingPolicy): Map<string, VoucherSection> {
  const show = (v: string) => roundAmount(v, policy);
  const accounts = new Map<string, Account>();
  const account = (partnerId: string, currency: string): Account => {
    const key = `${partnerId}|${currency}`;
    let a = accounts.get(key);
    if (a === undefined) {
      const openingUsed = input.openingUsed.get(key) ?? '0';
      a = {
        partnerId, currency, quota: input.quotas.get(key) ?? '0', openingUsed, used: new ExactSum().add(openingUsed), issued: new ExactSum(),
        reclaimed: new ExactSum(), unbindReclaimed: new ExactSum(), customers: new Map(), events: [], rejected: [],
      };
      accounts.set(key, a);
    }
    return a;
  };
  const customer = (a: Account, customerId: string) => {
    let c = a.customers.get(customerId);
    if (c === undefined) {
      const opening = input.openingCustomers.get(`${a.partnerId}|${customerId}|${a.currency}`) ?? '0';
      c = { opening, balance: new ExactSum().add(opening), issued: new ExactSum(), used: new ExactSum(), reclaimed: new ExactSum(), unbind: new ExactSum() };
      a.customers.set(customerId, c);
    }
    return c;
  };
  for (const key of [...input.quotas.keys(), ...input.openingUsed.keys()]) {
    const [p, cur] = key.split('|') as [string, string];
    account(p, cur);
  }
  for (const key of input.openingCustomers.keys()) {
    const [p, cu, cur] = key.split('|') as [string, string, string];
    customer(account(p, cur), cu);
  }
  const available = (a: Account) => new ExactSum().add(a.quota).add(negateDecimal(a.used.value())).value();
  const giveBack = (a: Account, customerId: string, c: ReturnType<typeof customer>, field: 'reclaimed' | 'unbind') => {
    const left = c.balance.value();
    c.balance.add(negateDecimal(left));
    c[field].add(left);
    (field === 'reclaimed' ? a.reclaimed : a.unbindReclaimed).add(left);
    a.used.add(negateDecimal(left));
    return left;
  };

  type Ev = { at: number; order: number; key: string; run: () => void };
  const evs: Ev[] = [
    ...input.uses.map((u) => ({ at: u.timeMs, order: 0, key: u.recordId, run: () => {
      const c = accounts.get(`${u.partnerId}|${u.currency}`)?.customers.get(u.customerId);
      if (c === undefined) return; // vouchers of the platform, not the partner's
      // A record's coupon_amount uses the partner's vouchers as far as the customer holds them;
      // beyond that it was paid with the platform's own coupons. A refund gives back what it used.
      const balance = c.balance.value();
      const taken = signOfDecimal(u.coupon) > 0
        ? (compareDecimal(u.coupon, balance) > 0 ? (signOfDecimal(balance) > 0 ? balance : '0') : u.coupon)
        : (compareDecimal(negateDecimal(u.coupon), c.used.value()) > 0 ? negateDecimal(c.used.value()) : u.coupon);
      c.balance.add(negateDecimal(taken));
      c.used.add(taken);
    } })),
    ...input.unbinds.map((u) => ({ at: u.timeMs, order: 1, key: u.customerId, run: () => {
      for (const a of [...accounts.values()].filter((x) => x.partnerId === u.partnerId && x.customers.has(u.customerId))) {
        const c = a.customers.get(u.customerId)!;
        if (signOfDecimal(c.balance.value()) <= 0) continue;
        const left = giveBack(a, u.customerId, c, 'unbind');
        a.events.push({ event_id: `unbind-${u.customerId}`, time: input.timeText(u.timeMs), operation: 'unbind_reclaim', customer_id: u.customerId, amount: show(left), available_after: show(available(a)), customer_balance_after: show(c.balance.value()), memo: 'the resale association ended: the vouchers return to the quota' });
      }
    } })),
    ...input.events.map((e) => ({ at: e.timeMs, order: 2, key: e.eventId, run: () => {
      const a = account(e.partnerId, e.currency);
      const reject = (code: VoucherSection['rejected'][number]['code'], message: string) =>
        a.rejected.push({ event_id: e.eventId, time: e.time, operation: e.operation, amount: e.amount === '' ? '' : show(e.amount), code, message });
      if (!input.isResale(e.customerId, e.partnerId, e.timeMs)) {
        reject('voucher.not_resale', `customer ${e.customerId} is not in resale association with ${e.partnerId} at ${e.time}`);
        return;
      }
      const c = customer(a, e.customerId);
      if (e.operation === 'issue') {
        if (compareDecimal(e.amount, available(a)) > 0) {
          reject('voucher.insufficient', `issuing ${show(e.amount)} needs more than ${e.partnerId}'s available voucher quota ${show(available(a))}`);
          return;
        }
        c.balance.add(e.amount);
        c.issued.add(e.amount);
        a.issued.add(e.amount);
        a.used.add(e.amount);
        a.events.push({ event_id: e.eventId, time: e.time, operation: 'issue', customer_id: e.customerId, amount: show(e.amount), available_after: show(available(a)), customer_balance_after: show(c.balance.value()), memo: e.memo });
        return;
      }
      if (signOfDecimal(c.balance.value()) <= 0) {
        reject('voucher.nothing_to_reclaim', `customer ${e.customerId} holds no usable voucher of ${e.partnerId}`);
        return;
      }
      const left = giveBack(a, e.customerId, c, 'reclaimed');
      a.events.push({ event_id: e.eventId, time: e.time, operation: 'reclaim', customer_id: e.customerId, amount: show(left), available_after: show(available(a)), customer_balance_after: show(c.balance.value()), memo: e.memo });
    } })),
  ];
  evs.sort((x, y) => x.at - y.at || x.order - y.order || compareText(x.key, y.key));
  for (const e of evs) e.run();

  const out = new Map<string, VoucherSection>();
  for (const [key, a] of accounts) {
    const customersExact = [...a.customers.entries()].sort((x, y) => compareText(x[0], y[0])).map(([id, c]) => ({
      customer_id: id, opening_balance: c.opening, issued: c.issued.value(), used: c.used.value(), reclaimed: c.reclaimed.value(),
      unbind_reclaimed: c.unbind.value(), closing_balance: c.balance.value(),
    }));
    out.set(key, {
      quota: show(a.quota), opening_used: show(a.openingUsed), issued: show(a.issued.value()), reclaimed: show(a.reclaimed.value()),
      unbind_reclaimed: show(a.unbindReclaimed.value()), closing_used: show(a.used.value()), available: show(available(a)),
      customers: customersExact.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k === 'customer_id' ? v : show(v)])) as VoucherCustomerLine),
      events: a.events, rejected: a.rejected,
      exact: { opening_used: a.openingUsed, closing_used: a.used.value(), customers: customersExact },
    });
  }
  return out;
}

/** The voucher identities, exactly (vouchers.balance). */
export function voucherIdentityProblems(v: VoucherSection): string[] {
  const problems: string[] = [];
  for (const c of v.exact.customers) {
    const computed = new ExactSum().add(c.opening_balance).add(c.issued).add(negateDecimal(c.used)).add(negateDecimal(c.reclaimed)).add(negateDecimal(c.unbind_reclaimed)).value();
    if (compareDecimal(computed, c.closing_balance) !== 0) problems.push(`customer ${c.customer_id}: ${computed} computed, ${c.closing_balance} closing`);
  }
  return problems;
}
