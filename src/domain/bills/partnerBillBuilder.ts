import { compareDecimal, ExactSum, signOfDecimal } from '../money/exactDecimal';
import { DEFAULT_ROUNDING, type RoundingPolicy } from '../money/rounding';
import type { Period } from '../period/period';
import type { BillRecord } from '../records/types';
import type { Association, Partner, PartnerCoupon } from '../reference/types';
import { assemblePartnerStatement } from './assemblePartnerStatement';
import { resellersOf } from './resellersOf';
import { CurrencyLedger, type RecordRoute } from './currencyLedger';
import type { PartnerStatement } from './partnerStatement';
import type { SortedStrings } from './validOrderCounter';

export interface PartnerBillOptions {
  partnerId: string;
  period: Period;
  /** Revision of the close (1 for a first close, n+1 after a reopen). Default 1. */
  revision?: number;
  /** All partners: gives the name, roles and (for a distributor) its resellers. */
  partners: readonly Partner[];
  /** Listed first among the statements; also the currency of an empty bill. */
  primaryCurrency: string;
  /** Partner coupons; only those of this partner and period count. Empty currency = the partner's. */
  coupons: readonly PartnerCoupon[];
  /** credit_carried of the previous period's statements per currency, exact, ≥ 0. */
  creditBroughtForward: Readonly<Record<string, string>>;
  rounding?: RoundingPolicy;
  /** Where each currency's valid-order counter sets per-order amounts aside (default: in memory). */
  orderSpill?: () => SortedStrings;
  /** service_type_code → name (service-types.csv), for the service-type lines' labels. */
  serviceTypeNames?: ReadonlyMap<string, string>;
}

/**
 * Builds one partner's bills for one period (DOMAIN §5.1) from a stream of records. A period
 * holds millions of records, so the builder keeps exact running sums per currency and key and
 * never the records themselves; the result does not depend on the order of `add` calls.
 *
 * @example
 * const builder = new PartnerBillBuilder({ partnerId: 'P1', period: '2026-10', partners, primaryCurrency: 'CNY', coupons: [], creditBroughtForward: {} });
 * for (const { record, association } of attributed) builder.add(record, association);
 * const statements = builder.finish(); // one per currency, primary first
 */
export class PartnerBillBuilder {
  private readonly ledgers = new Map<string, CurrencyLedger>();
  private readonly resellerIds: ReadonlySet<string>;
  private readonly partner: Partner | undefined;
  private readonly policy: RoundingPolicy;
  private readonly coupons: readonly PartnerCoupon[];

  constructor(private readonly options: PartnerBillOptions) {
    this.partner = options.partners.find((p) => p.partnerId === options.partnerId);
    this.resellerIds = new Set(resellersOf(options.partners, options.partnerId));
    this.policy = options.rounding ?? DEFAULT_ROUNDING;
    for (const [currency, credit] of Object.entries(options.creditBroughtForward)) {
      if (signOfDecimal(credit) < 0) throw new Error(`credit brought forward must be ≥ 0, got ${credit} ${currency}`);
    }
    this.coupons = options.coupons.filter((c) => c.partnerId === options.partnerId && c.period === options.period);
  }

  /**
   * Adds a record attributed (by its covering association) to this partner or to one of its
   * resellers. Resale records go on the bill; referral records only into the referral report.
   */
  add(record: BillRecord, attribution: Association): void {
    const route = this.routeOf(attribution);
    const ledger = this.ledgerFor(record.currency);
    if (attribution.associationType === 'referral') ledger.addReferral(record, route);
    else ledger.addResale(record, route);
  }

  /**
   * Adds a late record of a closed `originalPeriod`, booked on this bill as a prior-period
   * correction (DOMAIN §3, carry-forward). With an attribution, a referral record is not
   * billed and a reseller's record is shown under that reseller.
   *
   * @returns whether the record was booked.
   */
  addCorrection(record: BillRecord, originalPeriod: Period, attribution?: Association): boolean {
    if (attribution?.associationType === 'referral') return false;
    const route = attribution ? this.routeOf(attribution) : this.ownRoute('');
    this.ledgerFor(record.currency).addCorrection(record, originalPeriod, route);
    return true;
  }

  /** One statement per currency present (records, coupons, credit), primary currency first. */
  finish(): PartnerStatement[] {
    const { options } = this;
    const currencies = new Set(this.ledgers.keys());
    for (const c of this.coupons) currencies.add(this.couponCurrency(c));
    for (const [currency, credit] of Object.entries(options.creditBroughtForward)) {
      if (signOfDecimal(credit) !== 0) currencies.add(currency);
    }
    if (currencies.size === 0) currencies.add(options.primaryCurrency);
    const ordered = [...currencies].sort((a, b) => (a === options.primaryCurrency ? -1 : b === options.primaryCurrency ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const names = new Map(options.partners.map((p) => [p.partnerId, p.name] as const));
    return ordered.map((currency) =>
      assemblePartnerStatement(this.ledgers.get(currency) ?? new CurrencyLedger(this.options.orderSpill?.()), {
        period: options.period,
        revision: options.revision ?? 1,
        partnerId: options.partnerId,
        partnerName: this.partner?.name ?? '',
        partnerRoles: this.partner?.roles ?? [],
        payee: payeeOf(this.partner),
        currency,
        isDistributor: this.partner?.roles.includes('distributor') ?? false,
        partnerNames: names,
        coupons: this.coupons.filter((c) => this.couponCurrency(c) === currency).sort(compareCoupons),
        creditBroughtForward: new ExactSum().add(options.creditBroughtForward[currency] ?? '0').value(),
        policy: this.policy,
        serviceTypeNames: options.serviceTypeNames,
      }),
    );
  }

  private couponCurrency(coupon: PartnerCoupon): string {
    return coupon.currency || this.partner?.currency || this.options.primaryCurrency;
  }

  private routeOf(attribution: Association): RecordRoute {
    if (attribution.partnerId === this.options.partnerId) return this.ownRoute(attribution.accountManagerId);
    if (this.resellerIds.has(attribution.partnerId)) {
      return { resellerId: attribution.partnerId, groupId: attribution.partnerId, accountManagerId: attribution.accountManagerId };
    }
    throw new Error(`record attributed to ${attribution.partnerId}, which is neither ${this.options.partnerId} nor one of its resellers`);
  }

  private ownRoute(accountManagerId: string): RecordRoute {
    return { resellerId: undefined, groupId: this.options.partnerId, accountManagerId };
  }

  private ledgerFor(currency: string): CurrencyLedger {
    let ledger = this.ledgers.get(currency);
    if (!ledger) {
      ledger = new CurrencyLedger(this.options.orderSpill?.());
      this.ledgers.set(currency, ledger);
    }
    return ledger;
  }
}

function compareCoupons(a: PartnerCoupon, b: PartnerCoupon): number {
  return a.couponId < b.couponId ? -1 : a.couponId > b.couponId ? 1 : compareDecimal(a.amount, b.amount);
}

/**
 * Who a partner's bill is paid to: a reseller under a distributor pays its distributor (which
 * pays the platform for both), everyone else the platform (DOMAIN §1 tiers).
 */
export function payeeOf(partner: Pick<Partner, 'roles' | 'parentPartnerId'> | undefined): string {
  return partner !== undefined && partner.roles.includes('reseller') && partner.parentPartnerId !== '' ? partner.parentPartnerId : 'platform';
}

