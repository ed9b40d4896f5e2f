/** Reference data of a delivery (DOMAIN §4.4), validated. Amounts/rates are exact decimal strings. */

export type PartnerRole = 'distributor' | 'reseller' | 'solution_provider' | 'merchant';

export interface Partner {
  partnerId: string;
  name: string;
  roles: PartnerRole[];
  parentPartnerId: string;
  currency: string;
  payoutMethod: string;
  invoiceTaxRate: string;
  invoiceContent: string;
  signingEntity: string;
}

export type AssociationType = 'referral' | 'resale';

export interface Association {
  customerId: string;
  partnerId: string;
  associationType: AssociationType;
  /** UTC epoch ms, inclusive. */
  validFromMs: number;
  /** UTC epoch ms, exclusive; undefined = open. */
  validToMs: number | undefined;
  accountManagerId: string;
}

export interface PartnerCoupon {
  partnerId: string;
  couponId: string;
  period: string;
  amount: string;
  /** Not in the contract's column list; optional, defaults to the partner's currency. */
  currency: string;
}

export interface ProviderSummaryRow {
  partnerId: string;
  billCycle: string;
  consumption: string;
  refunds: string;
  adjustments: string;
  amountDue: string;
  /** Optional column; defaults to CNY. */
  currency: string;
}

/** Everything a partner-bill close needs from reference data. Later issues add marketplace/incentive tables. */
export interface ReferenceData {
  partners: Partner[];
  associations: Association[];
  partnerCoupons: PartnerCoupon[];
  providerSummary: ProviderSummaryRow[] | undefined;
}
