import { TZDate } from '@date-fns/tz';
import { parseInstant } from '../period/period';
import { Dec } from '../money/decimal';
import type {
  Association, IncentivePolicyRow, FundMovement, MarketplaceProduct, PaymentThreshold, VoucherQuota, PartnerVoucherRow, MerchantDeposit, MerchantPayment, Partner, PartnerCoupon, PartnerRole, ProviderSummaryRow, ShareTier,
  ServiceTypeName, SpecialIncentiveRow,
} from '../reference/types';
import { FUND_OPERATIONS } from '../reference/types';
import { PARTNER_ROLES, PAYOUT_METHODS, parseAssociationType, parseBoolean, parseNamed, parseProductClass } from './enums';
import type { ReferenceKind } from './fileSpecs';
import { codePointLength, MAX_ID_LENGTH, type RowReader } from './RowReader';

export type ReferenceRow =
  | Partner | Association | PartnerCoupon | ProviderSummaryRow | MarketplaceProduct | ShareTier | MerchantDeposit | MerchantPayment | FundMovement | PaymentThreshold | VoucherQuota | PartnerVoucherRow
  | IncentivePolicyRow | SpecialIncentiveRow | ServiceTypeName;

/** Validates a row of one of the reference files the close reads (DOMAIN §4.4). */
export function validateReferenceRow(reader: RowReader, kind: ReferenceKind, zone: string): ReferenceRow | undefined {
  switch (kind) {
    case 'partners': return validatePartnerRow(reader);
    case 'associations': return validateAssociationRow(reader, zone);
    case 'partner-coupons': return validatePartnerCouponRow(reader);
    case 'provider-summary': return validateProviderSummaryRow(reader);
    case 'marketplace-products': return validateMarketplaceProductRow(reader);
    case 'share-tiers': return validateShareTierRow(reader);
    case 'merchant-deposits': return validateMerchantDepositRow(reader);
    case 'merchant-payments': return validateMerchantPaymentRow(reader);
    case 'fund-movements': return validateFundMovementRow(reader);
    case 'payment-thresholds': return validatePaymentThresholdRow(reader);
    case 'voucher-quotas': return validateVoucherQuotaRow(reader);
    case 'partner-vouchers': return validatePartnerVoucherRow(reader);
    case 'incentive-policies': return validateIncentivePolicyRow(reader);
    case 'special-incentives': return validateSpecialIncentiveRow(reader);
    case 'service-types': return validateServiceTypeRow(reader);
  }
}

function validateServiceTypeRow(reader: RowReader): ServiceTypeName | undefined {
  const row: ServiceTypeName = { serviceTypeCode: reader.requiredText('service_type_code'), name: reader.requiredText('name'), nameZh: reader.text('name_zh') };
  return reader.ok ? row : undefined;
}

/** DOMAIN §4.4: the invoice contents a partner may invoice incentives with, and the rates. */
export const INVOICE_CONTENTS: readonly string[] = ['信息技术服务-信息系统服务', '信息技术服务-技术服务费', '信息技术服务-信息技术服务费', '信息技术服务-信息服务费'];
const INVOICE_TAX_RATES: readonly string[] = ['0.03', '0.06'];

function optionalProgrammeEnd(day: string): { programmeEnd?: string } {
  return day === '' ? {} : { programmeEnd: day };
}

/** `programme_end`: a calendar day, YYYY-MM-DD, or empty. */
function programmeEndOf(reader: RowReader): string {
  const text = reader.cell('programme_end');
  if (text === '') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const check = m === null ? undefined : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || check === undefined || check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) {
    reader.fail('programme_end', 'row.time', 'is not a day: use YYYY-MM-DD, e.g. 2026-12-31');
    return '';
  }
  return text;
}

function validatePartnerRow(reader: RowReader): Partner | undefined {
  const partnerId = reader.requiredText('partner_id');
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
  if (reader.cell('invoice_tax_rate') !== '' && invoiceTaxRate !== '' && !INVOICE_TAX_RATES.includes(invoiceTaxRate)) {
    reader.fail('invoice_tax_rate', 'row.enum', 'is not an incentive invoice rate: use 0.03 or 0.06');
  }
  const invoiceContent = reader.text('invoice_content');
  if (invoiceContent !== '' && !INVOICE_CONTENTS.includes(invoiceContent)) {
    reader.fail('invoice_content', 'row.enum', `is not an allowed invoice content; use one of ${INVOICE_CONTENTS.join(', ')}`);
  }
  const partner: Partner = {
    partnerId, name, roles,
    parentPartnerId: reader.text('parent_partner_id'),
    currency: reader.currency(),
    payoutMethod: payoutMethod ?? '',
    invoiceTaxRate: reader.cell('invoice_tax_rate') === '' ? '' : invoiceTaxRate,
    invoiceContent,
    signingEntity: reader.text('signing_entity'),
    // Only when given: a partner row without it stays the data it was (the input fingerprint hashes it).
    ...optionalProgrammeEnd(programmeEndOf(reader)),
  };
  return reader.ok ? partner : undefined;
}

function validateAssociationRow(reader: RowReader, zone: string): Association | undefined {
  const customerId = reader.requiredText('customer_id');
  const partnerId = reader.requiredText('partner_id');
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
    partnerId: reader.requiredText('partner_id'),
    couponId: reader.requiredText('coupon_id'),
    period: reader.period('period', true),
    amount: reader.amount('amount', 1, true),
    currency: reader.currency(),
  };
  return reader.ok ? coupon : undefined;
}

function validateProviderSummaryRow(reader: RowReader): ProviderSummaryRow | undefined {
  const row: ProviderSummaryRow = {
    partnerId: reader.requiredText('partner_id'),
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
  const productId = reader.requiredText('product_id');
  const sellerId = reader.requiredText('seller_id');
  const productClass = reader.enumValue('product_class', parseProductClass, true, 'generic (通用), joint (联营), platform (自营) or curated (严选)');
  const platformFeeRate = rate(reader, 'platform_fee_rate');
  const fiveDayRefund = reader.enumValue('five_day_refund', parseBoolean, false, 'true or false') ?? false;
  const sellerName = reader.text('seller_name');
  if (!reader.ok || productClass === undefined) return undefined;
  return { productId, sellerId, productClass, platformFeeRate, fiveDayRefund, ...(sellerName !== '' ? { sellerName } : {}) };
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
    sellerId: reader.requiredText('seller_id'),
    depositBalance: nonNegative(reader, 'deposit_balance'),
    currency: reader.currency(),
  };
  return reader.ok ? deposit : undefined;
}

/** An `amount` of money moved between accounts (a payment, a voucher, a fund movement): more than 0, in cents. '' = already reported. */
function checkPositiveCents(reader: RowReader, amount: string, what: string): void {
  if (amount === '') return;
  if (amount.startsWith('-') || amount === '0') reader.fail('amount', 'row.rule', 'must be more than 0');
  else if ((amount.split('.')[1] ?? '').length > 2) reader.fail('amount', 'row.rule', `has more than 2 decimals (${what} is in cents)`);
}

function validateMerchantPaymentRow(reader: RowReader): MerchantPayment | undefined {
  const payment: MerchantPayment = {
    sellerId: reader.requiredText('seller_id'),
    paymentId: reader.requiredText('payment_id'),
    period: reader.period('period', true),
    amount: reader.amount('amount', 1, true),
    currency: reader.currency(),
  };
  checkPositiveCents(reader, payment.amount, 'a payment');
  return reader.ok ? payment : undefined;
}

/**
 * An optional `currency` cell, only when given: a row without it stays the data it was (the
 * input fingerprint hashes it) and means "the partner's own currency".
 */
function optionalCurrency(reader: RowReader): { currency?: string } {
  if (reader.cell('currency') === '') return {};
  const currency = reader.currency();
  return reader.ok ? { currency } : {};
}

function validateVoucherQuotaRow(reader: RowReader): VoucherQuota | undefined {
  const row = { partnerId: reader.requiredText('partner_id'), quota: nonNegative(reader, 'quota'), currency: reader.currency() };
  return reader.ok ? row : undefined;
}

function validatePartnerVoucherRow(reader: RowReader): PartnerVoucherRow | undefined {
  const operation = reader.enumValue('operation', (raw) => (['issue', 'reclaim'] as const).find((o) => o === raw.trim().toLowerCase()), true, 'issue, reclaim');
  const row: PartnerVoucherRow = {
    eventId: reader.requiredText('event_id'),
    time: reader.cell('time'),
    timeMs: reader.instant('time'),
    partnerId: reader.requiredText('partner_id'),
    operation: operation ?? 'issue',
    customerId: reader.requiredText('customer_id'),
    amount: operation === 'issue' ? reader.amount('amount', 1, true) : '',
    currency: reader.currency(),
    memo: reader.cell('memo'),
  };
  if (codePointLength(row.eventId) > MAX_ID_LENGTH) reader.fail('event_id', 'row.length', `is longer than ${MAX_ID_LENGTH} characters; an id has at most ${MAX_ID_LENGTH}`);
  if (operation === 'issue') checkPositiveCents(reader, row.amount, 'a voucher');
  if (operation === 'reclaim' && reader.cell('amount') !== '') reader.fail('amount', 'row.rule', 'must be empty for a reclaim: the whole remaining voucher balance is reclaimed');
  return reader.ok && operation !== undefined ? row : undefined;
}

function validatePaymentThresholdRow(reader: RowReader): PaymentThreshold | undefined {
  const row = { currency: reader.currency(), threshold: nonNegative(reader, 'threshold') };
  if (reader.cell('currency') === '') reader.fail('currency', 'row.required', 'is required but the cell is empty');
  return reader.ok ? row : undefined;
}

function validateFundMovementRow(reader: RowReader): FundMovement | undefined {
  const operation = reader.enumValue('operation', (raw) => FUND_OPERATIONS.find((o) => o === raw.trim().toLowerCase()), true, FUND_OPERATIONS.join(', '));
  const movement: FundMovement = {
    movementId: reader.requiredText('movement_id'),
    time: reader.cell('time'),
    timeMs: reader.instant('time'),
    partnerId: reader.requiredText('partner_id'),
    operation: operation ?? 'topup',
    customerId: operation === 'allocate' || operation === 'reclaim' ? reader.requiredText('customer_id') : reader.text('customer_id'),
    indirectPartnerId: operation === 'reseller_allocate' || operation === 'reseller_reclaim' ? reader.requiredText('indirect_partner_id') : reader.text('indirect_partner_id'),
    amount: reader.amount('amount', 1, true),
    currency: reader.currency(),
    memo: reader.cell('memo'),
  };
  if (codePointLength(movement.movementId) > MAX_ID_LENGTH) reader.fail('movement_id', 'row.length', `is longer than ${MAX_ID_LENGTH} characters; an id has at most ${MAX_ID_LENGTH}`);
  checkPositiveCents(reader, movement.amount, 'a fund movement');
  return reader.ok && operation !== undefined ? movement : undefined;
}

const POLICIES = new Map<string, IncentivePolicyRow['policy']>([['0', 0], ['1', 1], ['2', 2], ['13', 13]]);

function validateIncentivePolicyRow(reader: RowReader): IncentivePolicyRow | undefined {
  const serviceTypeCode = reader.requiredText('service_type_code');
  const policy = reader.enumValue('policy', (raw) => POLICIES.get(raw.trim()), true,
    '0 (general), 1 (specific product), 2 (no performance, no rebate) or 13 (performance, no rebate)');
  const rate = reader.amount('rate', 1, true);
  const minPeriodPerformance = reader.cell('min_period_performance') === '' ? '0' : reader.amount('min_period_performance', 1, false);
  const validFrom = reader.period('valid_from', false);
  const validTo = reader.period('valid_to', false);
  if (validFrom !== '' && validTo !== '' && validTo < validFrom) reader.fail('valid_to', 'row.rule', 'is before valid_from');
  if (rate !== '' && rate.startsWith('-')) reader.fail('rate', 'row.rule', 'must not be negative');
  if (!reader.ok || policy === undefined) return undefined;
  return { serviceTypeCode, policy, rate, minPeriodPerformance, validFrom, validTo, ...optionalCurrency(reader) };
}

function validateSpecialIncentiveRow(reader: RowReader): SpecialIncentiveRow | undefined {
  const partnerId = reader.requiredText('partner_id');
  const program = reader.requiredText('program');
  const period = reader.period('period', true);
  const amount = reader.cell('amount') === '' ? '' : reader.amount('amount', 1, false);
  const rate = reader.cell('rate') === '' ? '' : reader.amount('rate', 1, false);
  const basisRaw = reader.cell('basis');
  const basis = basisRaw === '' ? '' : parseNamed(basisRaw, ['performance', 'new_customer_performance'] as const);
  if (basis === undefined) reader.fail('basis', 'row.enum', 'is not one of performance, new_customer_performance');
  const cap = reader.cell('cap') === '' ? '' : nonNegative(reader, 'cap');
  if (reader.cell('amount') !== '' && reader.cell('rate') !== '') reader.fail('rate', 'row.rule', 'is given together with amount; a row is either a fixed amount or a rate × basis');
  if (reader.cell('amount') === '' && reader.cell('rate') === '') reader.fail('amount', 'row.required', 'or rate is required: a row is a fixed amount or a rate × basis');
  if (reader.cell('rate') !== '' && basisRaw === '') reader.fail('basis', 'row.required', 'is required with a rate: performance or new_customer_performance');
  if (!reader.ok || basis === undefined) return undefined;
  return { partnerId, program, period, amount, rate, basis, cap, ...optionalCurrency(reader) };
}
