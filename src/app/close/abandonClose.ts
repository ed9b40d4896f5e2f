import { randomUUID } from 'node:crypto';
import { inlineHolder } from '../../adapters/store/closeLease';
import type { Database } from '../../adapters/store/openDatabase';
import { abandonClosing } from '../../adapters/store/periodLifecycle';
import { withCloseLease, type LeaseWaitOptions } from './waitForCloseLease';

/**
 * `reckon close --abandon <period>`: gets a store out of a close that cannot finish (killed
 * for good, a bug, a parked subject whose data will never come). It waits for a running close
 * like any close would (so a live close is never abandoned under its feet), then drops the
 * period's unsealed runs and sends it back to `open`.
 */
export async function abandonClose(
  db: Database, input: { period: string; reason: string; actor: string; at: string },
  wait: Pick<LeaseWaitOptions, 'timeoutMs' | 'onWaiting'>,
): Promise<string[]> {
  return withCloseLease(db, { holder: inlineHolder(randomUUID()), period: input.period, ...wait }, () => abandonClosing(db, input));
}
