import type { AssociationOverlap } from '../bills/attribution';
import { checkRow, type CheckResult } from './checkResult';

function instant(ms: number | undefined): string {
  return ms === undefined ? 'open' : new Date(ms).toISOString();
}

/**
 * `reference.association_overlap` (in addition to DOMAIN §7): a customer associated with two
 * partners at once. Attribution still picks one deterministically (latest valid_from, then
 * partner id); this warns that the reference data contradicts DOMAIN §1.
 */
export function associationOverlapChecks(overlaps: readonly AssociationOverlap[]): CheckResult[] {
  if (overlaps.length === 0) return [checkRow('reference.association_overlap', 'ok', 'no overlapping associations')];
  return overlaps.map((o) =>
    checkRow('reference.association_overlap', 'warn', `customer ${o.customerId}`, {
      expected: 'one association at any instant',
      actual: `${o.first.partnerId} and ${o.second.partnerId} from ${instant(o.overlapFromMs)} to ${instant(o.overlapToMs)}`,
    }),
  );
}
