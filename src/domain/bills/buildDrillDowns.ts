import { formatExact, type RoundingPolicy } from '../money/rounding';
import { CHARGING_MODES, CONSUMPTION_BILL_TYPES, REFUND_BILL_TYPES } from '../records/types';
import {
  CORRECTION_FIGURES, CUSTOMER_FIGURES, FEE_FIGURES, REFERRAL_FIGURES, RESELLER_FIGURES,
  type CurrencyLedger, type CustomerMeta,
} from './currencyLedger';
import type { KeyedFigureSums, KeyOrder } from './keyedFigureSums';
import type {
  CorrectionSection, CustomerFigures, CustomerLine, FeeBreakdown, ReferralSection, ResellerBreakdown,
} from './partnerStatement';
import { roundFigureTable } from './roundFigureTable';

/** Label of a key that the input left empty (e.g. no region_code). */
export const UNSPECIFIED_LABEL = 'not specified';

function joinSorted(values: Iterable<string>): string {
  return [...values].sort().join(';');
}

/** Sub-customers on the bill, with per-figure residuals (DOMAIN §2, §5.1). */
export function buildCustomerLines(ledger: CurrencyLedger, policy: RoundingPolicy): { lines: CustomerLine[]; residual: CustomerFigures } {
  const rows = ledger.customers.sortedRows();
  const table = roundFigureTable(rows, CUSTOMER_FIGURES, policy);
  const lines = rows.map((row, i): CustomerLine => {
    const meta: CustomerMeta | undefined = ledger.customerMeta.get(row.key);
    const shown = table.shown[i]!;
    return {
      customer_id: row.key,
      consumption: shown.consumption,
      refunds: shown.refunds,
      adjustments: shown.adjustments,
      ...(meta?.name ? { customer_name: meta.name } : {}),
      association_type: 'resale',
      ...(meta && meta.resellers.size > 0 ? { reseller_id: joinSorted(meta.resellers) } : {}),
      ...(meta && meta.managers.size > 0 ? { account_manager_id: joinSorted(meta.managers) } : {}),
      records: row.records,
    };
  });
  return { lines, residual: table.residual };
}

export type FeeDimension = 'service_type' | 'region' | 'charging_mode' | 'bill_type';

function labelFor(dimension: FeeDimension, key: string, names: ReadonlyMap<string, string> | undefined): string {
  if (key === '') return UNSPECIFIED_LABEL;
  if (dimension === 'service_type') return names?.get(key) ?? key;
  const code = Number(key);
  if (dimension === 'charging_mode') return CHARGING_MODES[code] ?? `charging mode ${key}`;
  if (dimension === 'bill_type') return CONSUMPTION_BILL_TYPES[code] ?? REFUND_BILL_TYPES[code] ?? `bill type ${key}`;
  return key;
}

/** A fee drill-down (consumption and refunds per key), sorted by key. */
export function buildFeeBreakdown(
  sums: KeyedFigureSums<(typeof FEE_FIGURES)[number]>,
  dimension: FeeDimension,
  policy: RoundingPolicy,
  names?: ReadonlyMap<string, string>,
): FeeBreakdown {
  const order: KeyOrder = dimension === 'charging_mode' || dimension === 'bill_type' ? 'numeric' : 'text';
  const rows = sums.sortedRows(order);
  const table = roundFigureTable(rows, FEE_FIGURES, policy);
  return {
    lines: rows.map((row, i) => ({
      key: row.key,
      label: labelFor(dimension, row.key, names),
      consumption: table.shown[i]!.consumption,
      refunds: table.shown[i]!.refunds,
      amount: table.shown[i]!.amount,
      records: row.records,
    })),
    rounding_residual: table.residual,
    total: table.total,
  };
}

/** A distributor's bill per reseller; its own customers under its own id. */
export function buildResellerBreakdown(ledger: CurrencyLedger, names: ReadonlyMap<string, string>, policy: RoundingPolicy): ResellerBreakdown {
  const rows = ledger.resellers.sortedRows();
  const table = roundFigureTable(rows, RESELLER_FIGURES, policy);
  return {
    lines: rows.map((row, i) => ({
      partner_id: row.key,
      partner_name: names.get(row.key) ?? '',
      ...table.shown[i]!,
      customers: ledger.resellerCustomers.get(row.key)?.size ?? 0,
    })),
    rounding_residual: table.residual,
    total: table.total,
  };
}

/** Referral customers: consumption reported for performance, not billed (DOMAIN §5.1). */
export function buildReferralSection(ledger: CurrencyLedger, policy: RoundingPolicy): ReferralSection {
  const rows = ledger.referral.sortedRows();
  const table = roundFigureTable(rows, REFERRAL_FIGURES, policy);
  return {
    customers: rows.map((row, i) => {
      const meta = ledger.referralMeta.get(row.key);
      return {
        customer_id: row.key,
        ...(meta?.name ? { customer_name: meta.name } : {}),
        ...(meta && meta.resellers.size > 0 ? { reseller_id: joinSorted(meta.resellers) } : {}),
        consumption: table.shown[i]!.consumption,
        refunds: table.shown[i]!.refunds,
        records: row.records,
      };
    }),
    rounding_residual: table.residual,
    total: table.total,
  };
}

/** Prior-period corrections, one line per original period (DOMAIN §3). */
export function buildCorrectionSection(ledger: CurrencyLedger, policy: RoundingPolicy): CorrectionSection {
  const rows = ledger.correctionLines.sortedRows();
  const table = roundFigureTable(rows, CORRECTION_FIGURES, policy);
  return {
    lines: rows.map((row, i) => ({
      original_period: row.key,
      amount: table.shown[i]!.amount,
      amount_exact: formatExact(row.exact.amount, policy.scale),
      records: row.records,
    })),
    rounding_residual: table.residual.amount,
    total: table.total.amount,
  };
}
