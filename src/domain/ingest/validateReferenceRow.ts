import { TZDate } from '@date-fns/tz';
import { parseInstant } from '../period/period';
import { Dec } from '../money/decimal';
import type {
  Association, MarketplaceProduct, MerchantDeposit, Partner, PartnerCoupon, PartnerRole, ProviderSummaryRow, ShareTier,
} from '../reference/types';
import { PARTNER_ROLES, PAYOUT_METHODS, parseAssociationType, parseBoolean, parseNamed, parseProductClass } from './enums';
import type { FileSpec, TypedReferenceKind } from './fileSpecs';
import { MAX_ID_LENGTH, type RowReader } from './RowReader';

export type TypedReferenceRow = Partner | Association | PartnerCoupon | ProviderSummaryRow | MarketplaceProduct | ShareTier | MerchantDeposit;

/** Validates a row of one of the reference files the close reads (DOMAIN §4.4). */
export function validateReferenceRow(reader: RowReader, kind: TypedReferenceKind, zone: string): TypedReferenceRow | undefined {
  switch (kind) {
    case 'partners': return validatePartnerRow(reader);
    case 'associations': return validateAssociationRow(reader, zone);
    case 'partner-coupons': return validatePartnerCouponRow(reader);
    case 'provider-summary': return validateProviderSummaryRow(reader);
    case 'marketplace-products': return validateMarketplaceProductRow(reader);
    case 'share-tiers': return validateShareTierRow(reader);
    case 'merchant-deposits': return validateMerchantDepositRow(reader);
  }
}

function validatePartnerRow(reader: RowReader): Partner | undefined {
  const partnerId = reader.requiredText('partner_id', MAX_ID_LENGTH);
  const name = reader.requiredText('name');
  const rolesRaw = reader.requiredText('roles');
  const roles: PartnerRole[] = [];
  for (const part of rolesRaw.split(';').map((r) => r.trim()).filter((r) => r !== '')) {
    const role = parseNamed(part, PARTNER_ROLES);
    if (role === undefined) reader.fail('roles', 'row.enum', `has the unknown role "${part}"; roles are ${PARTNER_ROLES.join(', ')}, separated by ';'`);
    else if (!roles.includes(role)) roles.push(role);
  }
  const payoutRaw = reader.cell('payout_method');
  const payoutMethod = payoutRaw === '' ? '' : parseNamed(payoutRaw, PAYOUT_METHODS);
  if (payoutMethod === undefined) reader.fail('payout_method', 'row.enum', `is not one of ${PAYOUT_METHODS.join(', ')}`);
  const invoiceTaxRate = reader.amount('invoice_tax_rate', 1, false);
  const partner: Partner = {
    partnerId, name, roles,
    parentPartnerId: reader.text('parent_partner_id', MAX_ID_LENGTH),
    currency: reader.currency(),
    payoutMethod: payoutMethod ?? '',
    invoiceTaxRate: reader.cell('invoice_tax_rate') === '' ? '' : invoiceTaxRate,
    invoiceContent: reader.text('invoice_content'),
    signingEntity: reader.text('signing_entity'),
  };
  return reader.ok ? partner : undefined;
}

function validateAssociationRow(reader: RowReader, zone: string): Association | undefined {
  const customerId = reader.requiredText('customer_id', MAX_ID_LENGTH);
  const partnerId = reader.requiredText('partner_id', MAX_ID_LENGTH);
  const associationType = reader.enumValue('association_type', parseAssociationType, true, 'referral or resale');
  const validFromMs = readValidityBound(reader, 'valid_from', zone, true);
  const validToMs = readValidityBound(reader, 'valid_to', zone, false);
  if (validFromMs !== undefined && validToMs !== undefined && validToMs <= validFromMs) {
    reader.fail('valid_to', 'row.rule', 'is not after valid_from; the window [valid_from, valid_to) would be empty');
  }
  const accountManagerId = reader.text('account_manager_id');
  if (!reader.ok || associationType === undefined || validFromMs === undefined) return undefined;
  return { customerId, partnerId, associationType, validFromMs, validToMs, accountManagerId };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO-8601 instant with offset, or a date YYYY-MM-DD meaning 00:00 of that day in the billing zone. */
export function parseValidityBound(text: string, zone: string): number | undefined {
  const date = DATE_ONLY.exec(text);
  if (date === null) return parseInstant(text);
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const start = new TZDate(year, month - 1, day, zone);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== day) return undefined;
  return +start;
}

function readValidityBound(reader: RowReader, column: string, zone: string, required: boolean): number | undefined {
  const raw = reader.cell(column);
  if (raw === '') {
    if (required) reader.fail(column, 'row.required', 'is required but the cell is empty');
    return undefined;
  }
  const ms = parseValidityBound(raw, zone);
  if (ms === undefined) reader.fail(column, 'row.time', 'is neither a date YYYY-MM-DD nor an ISO-8601 time with an offset');
  return ms;
}

function validatePartnerCouponRow(reader: RowReader): PartnerCoupon | undefined {
  const coupon: PartnerCoupon = {
    partnerId: reader.requiredText('partner_id', MAX_ID_LENGTH),
    couponId: reader.requiredText('coupon_id'),
    period: reader.period('period', true),
    amount: reader.amount('amount', 1, true),
    currency: reader.currency(),
  };
  return reader.ok ? coupon : undefined;
}

function validateProviderSummaryRow(reader: RowReader): ProviderSummaryRow | undefined {
  const row: ProviderSummaryRow = {
    partnerId: reader.requiredText('partner_id', MAX_ID_LENGTH),
    billCycle: reader.period('bill_cycle', true),
    consumption: reader.amount('consumption', 1, true),
    refunds: reader.amount('refunds', 1, true),
    adjustments: reader.amount('adjustments', 1, true),
    amountDue: reader.amount('amount_due', 1, true),
    currency: reader.currency(),
  };
  return reader.ok ? row : undefined;
}

/** A rate cell: an exact decimal in [0, 1] ("0.05"); '' after a problem. */
function rate(reader: RowReader, column: string): string {
  const value = reader.amount(column, 1, true);
  if (value === '') return '';
  const d = new Dec(value);
  if (d.lt(0) || d.gt(1)) {
    reader.fail(column, 'row.rule', 'is not a rate between 0 and 1 (e.g. 0.05 for 5 %)');
    return '';
  }
  return value;
}

/** A non-negative amount cell; '' after a problem. */
function nonNegative(reader: RowReader, column: string): string {
  const value = reader.amount(column, 1, true);
  if (value !== '' && value.startsWith('-')) {
    reader.fail(column, 'row.rule', 'must not be negative');
    return '';
  }
  return value;
}

function validateMarketplaceProductRow(reader: RowReader): MarketplaceProduct | undefined {
  const productId = reader.requiredText('product_id', MAX_ID_LENGTH);
  const sellerId = reader.requiredText('seller_id', MAX_ID_LENGTH);
  const productClass = reader.enumValue('product_class', parseProductClass, true, 'generic (通用), joint (联营), platform (自营) or curated (严选)');
  const platformFeeRate = rate(reader, 'platform_fee_rate');
  const fiveDayRefund = reader.enumValue('five_day_refund', parseBoolean, false, 'true or false') ?? false;
  if (!reader.ok || productClass === undefined) return undefined;
  return { productId, sellerId, productClass, platformFeeRate, fiveDayRefund };
}

function validateShareTierRow(reader: RowReader): ShareTier | undefined {
  const tier: ShareTier = {
    platformFeeRate: rate(reader, 'platform_fee_rate'),
    minMonthlyPaid: nonNegative(reader, 'min_monthly_paid'),
    extraMerchantShare: rate(reader, 'extra_merchant_share'),
  };
  return reader.ok ? tier : undefined;
}

function validateMerchantDepositRow(reader: RowReader): MerchantDeposit | undefined {
  const deposit: MerchantDeposit = {
    sellerId: reader.requiredText('seller_id', MAX_ID_LENGTH),
    depositBalance: nonNegative(reader, 'deposit_balance'),
    currency: reader.currency(),
  };
  return reader.ok ? deposit : undefined;
}

/**
 * Reference files the close does not read yet are kept as they came (trimmed cells by column
 * name, empty cells left out), checked only for their required columns being filled.
 */
export function validateLooseReferenceRow(reader: RowReader, spec: FileSpec): Record<string, string> | undefined {
  for (const column of spec.required) reader.requiredText(column);
  if (!reader.ok) return undefined;
  const row: Record<string, string> = {};
  for (const [column] of reader.layout.index) {
    const value = reader.cell(column);
    if (value !== '') row[column] = value;
  }
  return row;
}
