/** Which reconciliation outcomes stop a close before it seals (`reckon close --fail-on`). */
export const FAIL_ON_LEVELS = ['fail', 'warn', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];
/** The default keeps the contract's behaviour: checks are reported, never a reason to stop. */
export const DEFAULT_FAIL_ON: FailOn = 'never';

export function isFailOn(value: unknown): value is FailOn {
  return typeof value === 'string' && (FAIL_ON_LEVELS as readonly string[]).includes(value);
}

/**
 * Why a run with these check counts must not seal under `failOn`, or undefined when it may.
 * `fail` holds on any failed check, `warn` on any failed or warned one, `never` never holds.
 */
export function holdReason(counts: { warn: number; fail: number }, failOn: FailOn): string | undefined {
  const failed = counts.fail;
  const warned = failOn === 'warn' ? counts.warn : 0;
  if (failOn === 'never' || failed + warned === 0) return undefined;
  const what = [failed > 0 ? `${failed} failed` : '', warned > 0 ? `${warned} warned` : ''].filter((s) => s !== '').join(' and ');
  return `held by --fail-on ${failOn}: ${what} check(s)`;
}
