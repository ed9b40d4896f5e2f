import type { FundMovement } from '../reference/types';

/** What a fund movement says, for telling a duplicate (same) from a conflict (other content under the same movement_id). */
export function contentKey(m: FundMovement): string {
  return JSON.stringify([m.timeMs, m.partnerId, m.operation, m.customerId, m.indirectPartnerId, m.amount, m.currency, m.memo]);
}
