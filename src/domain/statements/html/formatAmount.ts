/**
 * An amount as a person reads it: thousands separated by commas, every decimal kept ("-1234567.5"
 * → "-1,234,567.5"). Works on the decimal text, never a float, so no digit is lost. Text that is
 * not a plain decimal (an empty cell, a rate such as "0.06") comes back as it is.
 */
export function formatAmount(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (m === null) return amount;
  const [, sign, whole, fraction] = m;
  return `${sign}${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction ?? ''}`;
}

/** The amount is below zero (a refund, a compensation): shown marked. "-0.00" is not. */
export function isNegativeAmount(amount: string): boolean {
  return /^-\d*\.?\d*[1-9]/.test(amount);
}
