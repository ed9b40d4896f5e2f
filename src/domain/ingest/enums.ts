import type { AssociationType, ProductClass } from '../reference/types';
import { CHARGING_MODES, CONSUMPTION_BILL_TYPES, REFUND_BILL_TYPES, type AdjustmentType } from '../records/types';

/**
 * Enumerations accept the code or the English name (DOMAIN §4). Names are matched
 * case-insensitively with '_', '-', '/' and spaces treated alike ("auto_renewal" = "auto-renewal").
 */
export function normalizeEnumName(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_\-/]+/g, ' ');
}

function byName<T>(entries: readonly (readonly [string, T])[]): Map<string, T> {
  return new Map(entries.map(([name, value]) => [normalizeEnumName(name), value]));
}

function codeTable(table: Readonly<Record<number, string>>): { codes: Map<string, number>; names: Map<string, number> } {
  const entries = Object.entries(table).map(([code, name]) => [code, Number(code), name] as const);
  return {
    codes: new Map(entries.map(([text, code]) => [text, code])),
    names: byName(entries.map(([, code, name]) => [name, code] as const)),
  };
}

const CONSUMPTION = codeTable(CONSUMPTION_BILL_TYPES);
const CHARGING = codeTable(CHARGING_MODES);
const REFUND_CODES = new Set(Object.keys(REFUND_BILL_TYPES).map(Number));

function lookupCode(raw: string, table: { codes: Map<string, number>; names: Map<string, number> }): number | undefined {
  const text = raw.trim();
  return table.codes.get(text) ?? table.names.get(normalizeEnumName(text));
}

/** Bill type of a consumption record: 1, 2, 3, 5, 8, 12, 14, 18, 23, 25, 103 or their names. */
export function parseConsumptionBillType(raw: string): number | undefined {
  return lookupCode(raw, CONSUMPTION);
}

/**
 * Bill type of a refund: 4, 20 or 24. Returns 'not-refund' for a valid consumption bill type
 * (a rule violation rather than an unknown value).
 */
export function parseRefundBillType(raw: string): number | 'not-refund' | undefined {
  const text = raw.trim();
  if (/^\d+$/.test(text) && REFUND_CODES.has(Number(text))) return Number(text);
  return lookupCode(text, CONSUMPTION) === undefined ? undefined : 'not-refund';
}

export function parseChargingMode(raw: string): number | undefined {
  return lookupCode(raw, CHARGING);
}

const PROVIDER_TYPES = { codes: new Map([['1', 1], ['2', 2]]), names: byName([['platform', 1], ['marketplace', 2]] as const) };
export function parseProviderType(raw: string): number | undefined {
  return lookupCode(raw, PROVIDER_TYPES);
}

const REFUND_REASONS = byName(
  (['unsubscribe', 'downgrade', 'to_on_demand', 'five_day', 'cancel'] as const).map((r) => [r, r] as const),
);
export function parseRefundReason(raw: string): string | undefined {
  return REFUND_REASONS.get(normalizeEnumName(raw));
}

/** compensation (bill type 9), charge (16), writeoff. */
const ADJUSTMENT_TYPES = byName<AdjustmentType>([
  ['compensation', 'compensation'], ['9', 'compensation'], ['charge', 'charge'], ['16', 'charge'], ['writeoff', 'writeoff'],
  ['write off', 'writeoff'],
]);
export function parseAdjustmentType(raw: string): AdjustmentType | undefined {
  return ADJUSTMENT_TYPES.get(normalizeEnumName(raw));
}

const ASSOCIATION_TYPES = byName<AssociationType>([['referral', 'referral'], ['resale', 'resale']]);
export function parseAssociationType(raw: string): AssociationType | undefined {
  return ASSOCIATION_TYPES.get(normalizeEnumName(raw));
}

/** Product classes (DOMAIN §4.4) by English name or the platform's Chinese name. */
const PRODUCT_CLASSES = byName<ProductClass>([
  ['generic', 'generic'], ['通用', 'generic'], ['joint', 'joint'], ['联营', 'joint'],
  ['platform', 'platform'], ['自营', 'platform'], ['curated', 'curated'], ['严选', 'curated'],
]);
export function parseProductClass(raw: string): ProductClass | undefined {
  return PRODUCT_CLASSES.get(normalizeEnumName(raw));
}

const BOOLEANS = byName<boolean>([['true', true], ['1', true], ['yes', true], ['false', false], ['0', false], ['no', false]]);
export function parseBoolean(raw: string): boolean | undefined {
  return BOOLEANS.get(normalizeEnumName(raw));
}

export const PARTNER_ROLES = ['distributor', 'reseller', 'solution_provider', 'merchant'] as const;
export const PAYOUT_METHODS = ['voucher_quota', 'bank', 'platform_account', 'platform_account_deferred_invoice'] as const;

/** Finds a name in a list of canonical names (matched with normalizeEnumName); returns the canonical spelling. */
export function parseNamed<T extends string>(raw: string, names: readonly T[]): T | undefined {
  const wanted = normalizeEnumName(raw);
  return names.find((n) => normalizeEnumName(n) === wanted);
}
