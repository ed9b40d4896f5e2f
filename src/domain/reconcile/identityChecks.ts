import { ExactSum, compareDecimal, subtractDecimal } from '../money/exactDecimal';
import { formatExact } from '../money/rounding';
import type { FeeRecord } from '../records/types';
import type { CheckResult } from './checkResult';
import { recordFindingChecks, type FileFindings, type RecordFinding } from './recordFindingChecks';

export const IDENTITY_PAYABLE = 'record.identity.payable';
export const IDENTITY_OFFICIAL = 'record.identity.official';

export interface IdentityFinding extends RecordFinding {
  check: typeof IDENTITY_PAYABLE | typeof IDENTITY_OFFICIAL;
}

function finding(check: IdentityFinding['check'], recordId: string, expected: string, actual: string): IdentityFinding | undefined {
  if (compareDecimal(expected, actual) === 0) return undefined;
  return { check, recordId, expected: formatExact(expected), actual: formatExact(actual), difference: formatExact(subtractDecimal(actual, expected)) };
}

/**
 * The record identities of DOMAIN §4.1, exact: A1 payable = Σ payment instruments,
 * A2 official = discount + erase + payable. `expected` is the left side as delivered,
 * `actual` the sum of the right side, `difference` = actual − expected.
 */
export function checkFeeIdentities(record: FeeRecord): IdentityFinding[] {
  const a = record.amounts;
  const instruments = new ExactSum();
  for (const v of [a.cash, a.credit, a.coupon, a.flexipurchaseCoupon, a.storedValueCard, a.bonus, a.debt, a.writeoff]) instruments.add(v);
  const priced = new ExactSum().add(a.discount).add(a.erase).add(a.payable);
  const found = [
    finding(IDENTITY_PAYABLE, record.recordId, a.payable, instruments.value()),
    finding(IDENTITY_OFFICIAL, record.recordId, a.official, priced.value()),
  ];
  return found.filter((f): f is IdentityFinding => f !== undefined);
}

/** `record.identity.payable` and `record.identity.official` rows: a fail per failing record, else one ok per file. */
export function identityChecks(files: readonly FileFindings<IdentityFinding>[]): CheckResult[] {
  return [IDENTITY_PAYABLE, IDENTITY_OFFICIAL].flatMap((check) =>
    recordFindingChecks(check, 'fail', files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.check === check) }))),
  );
}
