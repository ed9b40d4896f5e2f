import type { Database } from '../../adapters/store/openDatabase';
import { abandonClosing } from '../../adapters/store/periodLifecycle';
import { withCloseLease, type LeaseWait } from './waitForCloseLease';

/**
 * `reckon close --abandon <period>`: gets a store out of a close that cannot finish (killed
 * for good, a bug, a parked subject whose data will never come). It waits for a running close
 * like any close would (so a live close is never abandoned under its feet), then drops the
 * period's unsealed runs and sends it back to `open`.
 */
export async function abandonClose(
  db: Database, input: { period: string; reason: string; actor: string; at: string },
  wait: LeaseWait,
): Promise<string[]> {
  return withCloseLease(db, { period: input.period, ...wait }, () => abandonClosing(db, input));
}
