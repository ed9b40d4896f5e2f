/**
 * The platform's error-code families (CBC.xxxx, as the partner programme's own APIs return them
 * in `error_code`), beside Reckon's own codes: integrators map errors by family. One table,
 * documented in docs/error-codes.md.
 */
export const ERROR_FAMILIES = {
  'CBC.0100': 'parameter error: a value is missing, malformed or out of range',
  'CBC.0151': 'not allowed now: the period, run or settlement is not in a state that allows it',
  'CBC.0999': 'other error: the store, the file system, or Reckon itself',
  'CBC.99005003': 'insufficient balance',
  'CBC.99000047': 'the customer is not in a resale association with the partner',
} as const;
export type ErrorFamily = keyof typeof ERROR_FAMILIES;

/** Reckon code (or its prefix, ending in ".") → family; the longest match wins. */
const BY_CODE: readonly (readonly [string, ErrorFamily])[] = [
  ['row.', 'CBC.0100'],
  ['file.read', 'CBC.0999'],
  ['file.', 'CBC.0100'],
  ['ingest.', 'CBC.0100'],
  ['records.', 'CBC.0100'],
  ['bill.', 'CBC.0100'],
  ['incentive.', 'CBC.0100'],
  ['incentive.transition', 'CBC.0151'],
  ['incentive.not_payable', 'CBC.0151'],
  ['incentive.lost', 'CBC.0151'],
  ['incentive.unknown_statement', 'CBC.0151'],
  ['incentive.concurrent', 'CBC.0151'],
  ['period.', 'CBC.0151'],
  ['close.', 'CBC.0151'],
  ['settlement.', 'CBC.0151'],
  ['settlement.actor_required', 'CBC.0100'],
  ['settlement.reason_required', 'CBC.0100'],
  ['fund.insufficient', 'CBC.99005003'],
  ['fund.not_resale', 'CBC.99000047'],
  ['fund.not_reseller', 'CBC.0100'],
  ['voucher.insufficient', 'CBC.99005003'],
  ['voucher.not_resale', 'CBC.99000047'],
  ['voucher.nothing_to_reclaim', 'CBC.0151'],
  ['store.', 'CBC.0999'],
];

/** The family of one of Reckon's error or reject codes; a CBC code is its own family; anything else CBC.0999. */
export function errorFamilyOf(code: string): string {
  if (code.startsWith('CBC.')) return code;
  let best: readonly [string, ErrorFamily] | undefined;
  for (const entry of BY_CODE) {
    const [key] = entry;
    const matches = key.endsWith('.') ? code.startsWith(key) : code === key || code.startsWith(`${key}.`);
    if (matches && (best === undefined || key.length > best[0].length)) best = entry;
  }
  return best?.[1] ?? 'CBC.0999';
}

/** The family of an error without a code of its own: wrong arguments are parameter errors. */
export function errorFamilyOfExit(usage: boolean): ErrorFamily {
  return usage ? 'CBC.0100' : 'CBC.0999';
}
