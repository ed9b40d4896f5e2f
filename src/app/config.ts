import { createHash } from 'node:crypto';
import { DEFAULT_ROUNDING, type RoundingPolicy } from '../domain/money/rounding';
import { DEFAULT_BILLING_ZONE } from '../domain/period/period';
import { ENGINE_VERSION } from './engineVersion';

/** Settings that change what a close computes; their hash is part of every manifest. */
export interface ReckonConfig {
  /** IANA zone of billing periods (DOMAIN §3). */
  zone: string;
  rounding: RoundingPolicy;
  /** Late records for a closed period (DOMAIN §3); only carry-forward exists today. */
  lateRecordPolicy: 'carry-forward';
}

export const DEFAULT_CONFIG: ReckonConfig = {
  zone: DEFAULT_BILLING_ZONE,
  rounding: DEFAULT_ROUNDING,
  lateRecordPolicy: 'carry-forward',
};

/** Reads overrides from the environment (RECKON_ZONE, RECKON_ROUNDING=half-up|half-even). */
export function configFromEnv(env: NodeJS.ProcessEnv): ReckonConfig {
  const rounding = env.RECKON_ROUNDING === 'half-even' ? 'half-even' : 'half-up';
  return { ...DEFAULT_CONFIG, zone: env.RECKON_ZONE || DEFAULT_CONFIG.zone, rounding: { ...DEFAULT_ROUNDING, mode: rounding } };
}

/** SHA-256 of the canonical configuration plus the engine version (rules may change between versions). */
export function configHash(config: ReckonConfig): string {
  const canonical = JSON.stringify({
    engine: ENGINE_VERSION,
    zone: config.zone,
    rounding: { scale: config.rounding.scale, mode: config.rounding.mode },
    lateRecordPolicy: config.lateRecordPolicy,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
