import { compareDecimal, ExactSum, negateDecimal, signOfDecimal, subtractDecimal } from '../money/exactDecimal';
import { roundAmount, type RoundingPolicy } from '../money/rounding';
import type { FundMovement, FundOperation } from '../reference/types';
import { compareText } from '../text/compareText';
import type { VoucherSection } from './voucherLedger';

/**
 * Partner fund ledgers (伙伴账户, docs/partner-funds.md) of one period: the partner's account and
 * its resale customers' balances, moved by fund-movements.csv and by what the customers spend,
 * applied in time order. Pure: the caller gives every event of the period and the openings.
 *
 * partner balance = opening + topups + received_from_distributor − reclaimed_by_distributor
 *                   − allocated + reclaimed + unbind_reclaimed − reseller_allocated + reseller_reclaimed
 * customer balance = opening + allocated − reclaimed − spent − unbind_reclaimed
 */

/** What a resale customer spent from its account: a record's cash_amount (a refund's gives it back). */
export interface SpendEvent {
  partnerId: string;
  customerId: string;
  currency: string;
  timeMs: number;
  /** Signed: a refund is negative (it gives the money back). */
  cash: string;
  recordId: string;
}

/** A resale association that ends inside the period: the customer's balance returns to the partner then. */
export interface UnbindEvent {
  partnerId: string;
  customerId: string;
  timeMs: number;
}

export interface FundLedgerInput {
  period: string;
  movements: readonly FundMovement[];
  spends: readonly SpendEvent[];
  unbinds: readonly UnbindEvent[];
  /** Is the customer in resale association with the partner at that instant? */
  isResale(customerId: string, partnerId: string, timeMs: number): boolean;
  /** The distributor a reseller belongs to (parent_partner_id), '' when none. */
  parentOf(partnerId: string): string;
  /** Closing balances of the previous period: partner key `partner|currency`, customer key `partner|customer|currency`. */
  openingPartners: ReadonlyMap<string, string>;
  openingCustomers: ReadonlyMap<string, string>;
  /** ISO text of an instant in the billing zone (for generated movements). */
  timeText(ms: number): string;
  /**
   * The funded customers, `partner|customer|currency`: an opening balance, or an allocation or
   * reclaim this period. Their spending counts from the start of the period, also before the
   * first allocation (the balance may dip below zero until then).
   */
  funded: ReadonlySet<string>;
}

export type FundRejectCode = 'fund.not_resale' | 'fund.insufficient' | 'fund.not_reseller';

export interface RejectedMovement {
  movement_id: string;
  time: string;
  operation: FundOperation;
  amount: string;
  code: FundRejectCode;
  message: string;
}

export interface AppliedMovement {
  movement_id: string;
  time: string;
  /** The file's operations, plus `unbind_reclaim` (generated) and, on a reseller's ledger, `received_from_distributor` / `reclaimed_by_distributor`. */
  operation: string;
  customer_id: string;
  indirect_partner_id: string;
  amount: string;
  /** The partner's balance after it. */
  balance_after: string;
  /** The customer's balance after it, for movements of a customer. */
  customer_balance_after?: string;
  memo: string;
}

const PARTNER_FIGURES = [
  'opening_balance', 'topups', 'received_from_distributor', 'reclaimed_by_distributor', 'allocated', 'reclaimed', 'unbind_reclaimed',
  'reseller_allocated', 'reseller_reclaimed', 'closing_balance',
] as const;
const CUSTOMER_FIGURES = ['opening_balance', 'allocated', 'reclaimed', 'spent', 'unbind_reclaimed', 'closing_balance'] as const;
export type PartnerFundTotals = Record<(typeof PARTNER_FIGURES)[number], string>;
export type CustomerFundLine = { customer_id: string } & Record<(typeof CUSTOMER_FIGURES)[number], string>;

/** partners/<id>/account-activity.json of one partner and currency. */
export interface AccountActivity {
  period: string;
  revision: number;
  partner_id: string;
  currency: string;
  totals: PartnerFundTotals;
  customers: CustomerFundLine[];
  movements: AppliedMovement[];
  rejected: RejectedMovement[];
  /** Partner-issued vouchers (voucherLedger), when the partner has a quota, an opening or an event. */
  vouchers?: VoucherSection;
  /** Exact figures, for the funds.balance check and the next period's openings. */
  exact: { totals: PartnerFundTotals; customers: CustomerFundLine[] };
}

class Figures<F extends string> {
  readonly sums = new Map<F, ExactSum>();
  add(figure: F, amount: string): void {
    let s = this.sums.get(figure);
    if (s === undefined) {
      s = new ExactSum();
      this.sums.set(figure, s);
    }
    s.add(amount);
  }
  value(figure: F): string {
    return this.sums.get(figure)?.value() ?? '0';
  }
}

interface PartnerAccount {
  partnerId: string;
  currency: string;
  balance: ExactSum;
  figures: Figures<(typeof PARTNER_FIGURES)[number]>;
  customers: Map<string, CustomerAccount>;
  movements: AppliedMovement[];
  rejected: RejectedMovement[];
  active: boolean;
}

interface CustomerAccount {
  balance: ExactSum;
  figures: Figures<(typeof CUSTOMER_FIGURES)[number]>;
}

type Event =
  | { at: number; order: 0; key: string; spend: SpendEvent }
  | { at: number; order: 1; key: string; unbind: UnbindEvent }
  | { at: number; order: 2; key: string; movement: FundMovement };

/**
 * Applies the period's events in time order (at one instant: spending first, then disassociations,
 * then movements by movement_id) and returns one AccountActivity per partner and currency with any
 * activity: an opening balance, a movement (applied or rejected) or a funded customer.
 */
export function computeFundLedgers(input: FundLedgerInput, revision: number, policy: RoundingPolicy): AccountActivity[] {
  const accounts = new Map<string, PartnerAccount>();
  const account = (partnerId: string, currency: string): PartnerAccount => {
    const key = `${partnerId}|${currency}`;
    let a = accounts.get(key);
    if (a === undefined) {
      const opening = input.openingPartners.get(key) ?? '0';
      a = { partnerId, currency, balance: new ExactSum().add(opening), figures: new Figures(), customers: new Map(), movements: [], rejected: [], active: signOfDecimal(opening) !== 0 };
      a.figures.add('opening_balance', opening);
      accounts.set(key, a);
    }
    return a;
  };
  const customer = (a: PartnerAccount, customerId: string): CustomerAccount => {
    let c = a.customers.get(customerId);
    if (c === undefined) {
      const opening = input.openingCustomers.get(`${a.partnerId}|${customerId}|${a.currency}`) ?? '0';
      c = { balance: new ExactSum().add(opening), figures: new Figures() };
      c.figures.add('opening_balance', opening);
      a.customers.set(customerId, c);
    }
    return c;
  };
  // Openings make accounts (and their customers) exist even without movements this period.
  for (const key of input.openingPartners.keys()) {
    const [partnerId, currency] = key.split('|') as [string, string];
    account(partnerId, currency);
  }
  for (const key of input.openingCustomers.keys()) {
    const [partnerId, customerId, currency] = key.split('|') as [string, string, string];
    const a = account(partnerId, currency);
    customer(a, customerId);
    a.active = true;
  }

  const events: Event[] = [
    ...input.spends.map((spend) => ({ at: spend.timeMs, order: 0 as const, key: spend.recordId, spend })),
    ...input.unbinds.map((unbind) => ({ at: unbind.timeMs, order: 1 as const, key: unbind.customerId, unbind })),
    ...input.movements.map((movement) => ({ at: movement.timeMs, order: 2 as const, key: movement.movementId, movement })),
  ];
  events.sort((x, y) => x.at - y.at || x.order - y.order || compareText(x.key, y.key));

  const show = (v: string) => roundAmount(v, policy);
  for (const e of events) {
    if (e.order === 0) {
      // Only funded customers have an account to spend from; the rest pay the platform otherwise.
      if (!input.funded.has(`${e.spend.partnerId}|${e.spend.customerId}|${e.spend.currency}`)) continue;
      const a = account(e.spend.partnerId, e.spend.currency);
      const c = customer(a, e.spend.customerId);
      c.balance.add(negateDecimal(e.spend.cash));
      c.figures.add('spent', e.spend.cash);
      continue;
    }
    if (e.order === 1) {
      // In every currency the customer holds a balance in with that partner.
      const held = [...accounts.values()].filter((a) => a.partnerId === e.unbind.partnerId && a.customers.has(e.unbind.customerId));
      for (const a of held.sort((x, y) => compareText(x.currency, y.currency))) unbind(a, a.customers.get(e.unbind.customerId)!, e.unbind);
      continue;
    }
    applyMovement(e.movement);
  }

  function unbind(a: PartnerAccount, c: CustomerAccount, u: UnbindEvent): void {
    const left = c.balance.value();
    if (signOfDecimal(left) <= 0) return;
    c.balance.add(negateDecimal(left));
    c.figures.add('unbind_reclaimed', left);
    a.balance.add(left);
    a.figures.add('unbind_reclaimed', left);
    a.movements.push({
      movement_id: `unbind-${u.customerId}`, time: input.timeText(u.timeMs), operation: 'unbind_reclaim',
      customer_id: u.customerId, indirect_partner_id: '', amount: show(left), balance_after: show(a.balance.value()),
      customer_balance_after: show(c.balance.value()), memo: 'the resale association ended: the balance returns to the partner',
    });
  }

  function applyMovement(m: FundMovement): void {
    const a = account(m.partnerId, m.currency);
    a.active = true;
    const reject = (code: FundRejectCode, message: string) => {
      a.rejected.push({ movement_id: m.movementId, time: m.time, operation: m.operation, amount: show(m.amount), code, message });
    };
    const applied = (c?: CustomerAccount, extra: Partial<AppliedMovement> = {}) => {
      a.movements.push({
        movement_id: m.movementId, time: m.time, operation: m.operation, customer_id: m.customerId, indirect_partner_id: m.indirectPartnerId,
        amount: show(m.amount), balance_after: show(a.balance.value()),
        ...(c === undefined ? {} : { customer_balance_after: show(c.balance.value()) }), memo: m.memo, ...extra,
      });
    };
    switch (m.operation) {
      case 'topup':
        a.balance.add(m.amount);
        a.figures.add('topups', m.amount);
        applied();
        return;
      case 'allocate':
      case 'reclaim': {
        if (!input.isResale(m.customerId, m.partnerId, m.timeMs)) {
          reject('fund.not_resale', `customer ${m.customerId} is not in resale association with ${m.partnerId} at ${m.time}`);
          return;
        }
        const c = customer(a, m.customerId);
        if (m.operation === 'allocate') {
          if (compareDecimal(m.amount, a.balance.value()) > 0) {
            reject('fund.insufficient', `allocating ${show(m.amount)} needs more than ${m.partnerId}'s balance ${show(a.balance.value())}`);
            return;
          }
          a.balance.add(negateDecimal(m.amount));
          a.figures.add('allocated', m.amount);
          c.balance.add(m.amount);
          c.figures.add('allocated', m.amount);
        } else {
          if (compareDecimal(m.amount, c.balance.value()) > 0) {
            reject('fund.insufficient', `reclaiming ${show(m.amount)} needs more than customer ${m.customerId}'s balance ${show(c.balance.value())}`);
            return;
          }
          c.balance.add(negateDecimal(m.amount));
          c.figures.add('reclaimed', m.amount);
          a.balance.add(m.amount);
          a.figures.add('reclaimed', m.amount);
        }
        applied(c);
        return;
      }
      case 'reseller_allocate':
      case 'reseller_reclaim': {
        if (input.parentOf(m.indirectPartnerId) !== m.partnerId) {
          reject('fund.not_reseller', `${m.indirectPartnerId} is not a reseller of ${m.partnerId} (its parent_partner_id in partners.csv)`);
          return;
        }
        const r = account(m.indirectPartnerId, m.currency);
        r.active = true;
        const allocate = m.operation === 'reseller_allocate';
        const from = allocate ? a : r;
        if (compareDecimal(m.amount, from.balance.value()) > 0) {
          reject('fund.insufficient', `${allocate ? 'allocating' : 'reclaiming'} ${show(m.amount)} needs more than ${from.partnerId}'s balance ${show(from.balance.value())}`);
          return;
        }
        a.balance.add(allocate ? negateDecimal(m.amount) : m.amount);
        a.figures.add(allocate ? 'reseller_allocated' : 'reseller_reclaimed', m.amount);
        r.balance.add(allocate ? m.amount : negateDecimal(m.amount));
        r.figures.add(allocate ? 'received_from_distributor' : 'reclaimed_by_distributor', m.amount);
        applied();
        r.movements.push({
          movement_id: m.movementId, time: m.time, operation: allocate ? 'received_from_distributor' : 'reclaimed_by_distributor',
          customer_id: '', indirect_partner_id: m.partnerId, amount: show(m.amount), balance_after: show(r.balance.value()), memo: m.memo,
        });
      }
    }
  }

  return [...accounts.values()]
    .filter((a) => a.active || a.movements.length > 0 || a.rejected.length > 0)
    .sort((x, y) => compareText(x.partnerId, y.partnerId) || currencyOrder(x.currency, y.currency))
    .map((a) => activityOf(a, input.period, revision, policy));
}

/** CNY first (it names a partner's plain files), then alphabetical. */
export function currencyOrder(a: string, b: string): number {
  return a === b ? 0 : a === 'CNY' ? -1 : b === 'CNY' ? 1 : compareText(a, b);
}

function activityOf(a: PartnerAccount, period: string, revision: number, policy: RoundingPolicy): AccountActivity {
  const totalsExact = Object.fromEntries(PARTNER_FIGURES.map((f) => [f, f === 'closing_balance' ? a.balance.value() : a.figures.value(f)])) as PartnerFundTotals;
  const customersExact = [...a.customers.entries()].sort((x, y) => compareText(x[0], y[0])).map(([customerId, c]) =>
    ({ customer_id: customerId, ...Object.fromEntries(CUSTOMER_FIGURES.map((f) => [f, f === 'closing_balance' ? c.balance.value() : c.figures.value(f)])) }) as CustomerFundLine);
  const round = <T extends Record<string, string>>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'customer_id' ? v : roundAmount(v, policy)])) as T;
  return {
    period, revision, partner_id: a.partnerId, currency: a.currency,
    totals: round(totalsExact), customers: customersExact.map(round), movements: a.movements, rejected: a.rejected,
    exact: { totals: totalsExact, customers: customersExact },
  };
}

/** The two identities, exactly: the partner's closing balance and every customer's (funds.balance). */
export function fundIdentityProblems(activity: AccountActivity): string[] {
  const t = activity.exact.totals;
  const partner = new ExactSum().add(t.opening_balance).add(t.topups).add(t.received_from_distributor).add(negateDecimal(t.reclaimed_by_distributor))
    .add(negateDecimal(t.allocated)).add(t.reclaimed).add(t.unbind_reclaimed).add(negateDecimal(t.reseller_allocated)).add(t.reseller_reclaimed).value();
  const problems: string[] = [];
  if (compareDecimal(partner, t.closing_balance) !== 0) problems.push(`partner: ${partner} computed, ${t.closing_balance} closing (${subtractDecimal(partner, t.closing_balance)})`);
  for (const c of activity.exact.customers) {
    const v = new ExactSum().add(c.opening_balance).add(c.allocated).add(negateDecimal(c.reclaimed)).add(negateDecimal(c.spent)).add(negateDecimal(c.unbind_reclaimed)).value();
    if (compareDecimal(v, c.closing_balance) !== 0) problems.push(`customer ${c.customer_id}: ${v} computed, ${c.closing_balance} closing`);
  }
  return problems;
}

/** An account with no fund activity (a partner that only issues vouchers this period). */
export function emptyActivity(period: string, revision: number, partnerId: string, currency: string): AccountActivity {
  const zeros = (figures: readonly string[]) => Object.fromEntries(figures.map((f) => [f, '0'])) as PartnerFundTotals;
  const shown = Object.fromEntries(PARTNER_FIGURES.map((f) => [f, '0.00'])) as PartnerFundTotals;
  return { period, revision, partner_id: partnerId, currency, totals: shown, customers: [], movements: [], rejected: [], exact: { totals: zeros(PARTNER_FIGURES), customers: [] } };
}

