import type { Database } from '../../adapters/store/openDatabase';
import { loadRunDocument } from '../../adapters/store/closeStore';
import { feeRecordsOfCustomers, loadFundMovements, previousClosedRunId } from '../../adapters/store/fundStore';
import type { PeriodView } from '../../adapters/store/periodView';
import { attributeRecord, type AssociationIndex } from '../../domain/bills/attribution';
import { computeFundLedgers, type AccountActivity, type SpendEvent, type UnbindEvent } from '../../domain/funds/fundLedger';
import { contentKey } from '../../domain/funds/movementKey';
import type { RoundingPolicy } from '../../domain/money/rounding';
import { periodBounds, periodOf } from '../../domain/period/period';
import { isoInZone } from '../../domain/period/zonedTime';
import type { FundMovement, ReferenceData } from '../../domain/reference/types';

export interface FundsResult {
  activities: AccountActivity[];
  /** A movement_id delivered again with other content: the first delivered is kept. */
  conflicts: { movementId: string; fileId: number; line: number }[];
}

/**
 * The period's partner fund ledgers (docs/partner-funds.md): the period's movements of every
 * fund-movements.csv delivered by the run's watermark (each movement_id once), the previous
 * closed period's closing balances as openings, what funded resale customers spent (their
 * records' cash_amount) and the resale associations that ended inside the period.
 */
export async function computeFunds(
  db: Database, run: { period: string; revision: number; watermark: number }, view: PeriodView, reference: ReferenceData, index: AssociationIndex,
  zone: string, policy: RoundingPolicy,
): Promise<FundsResult> {
  const seen = new Map<string, string>();
  const conflicts: FundsResult['conflicts'] = [];
  const movements: FundMovement[] = [];
  for (const { fileId, line, movement } of await loadFundMovements(db, run.watermark)) {
    const key = contentKey(movement);
    const earlier = seen.get(movement.movementId);
    if (earlier !== undefined) {
      if (earlier !== key) conflicts.push({ movementId: movement.movementId, fileId, line });
      continue;
    }
    seen.set(movement.movementId, key);
    if (periodOf(movement.timeMs, zone) === run.period) movements.push(movement);
  }
  const previousRun = await previousClosedRunId(db, run.period);
  const previous = previousRun === undefined ? [] : (await loadRunDocument<AccountActivity[]>(db, previousRun, 'funds')) ?? [];
  const openingPartners = new Map<string, string>();
  const openingCustomers = new Map<string, string>();
  for (const a of previous) {
    openingPartners.set(`${a.partner_id}|${a.currency}`, a.exact.totals.closing_balance);
    for (const c of a.exact.customers) if (c.closing_balance !== '0') openingCustomers.set(`${a.partner_id}|${c.customer_id}|${a.currency}`, c.closing_balance);
  }
  const funded = new Set<string>([...openingCustomers.keys()].map((k) => k.split('|')[1]!));
  for (const m of movements) if (m.customerId !== '' && (m.operation === 'allocate' || m.operation === 'reclaim')) funded.add(m.customerId);
  const spends: SpendEvent[] = [];
  for (const r of await feeRecordsOfCustomers(db, view, [...funded].sort())) {
    const association = attributeRecord(index, r.customerId, r.tradeTimeMs);
    if (association?.associationType !== 'resale') continue;
    spends.push({ partnerId: association.partnerId, customerId: r.customerId, currency: r.currency, timeMs: r.tradeTimeMs, cash: r.amounts.cash, recordId: r.recordId });
  }
  const { startMs, endMs } = periodBounds(run.period, zone);
  const unbinds: UnbindEvent[] = reference.associations
    .filter((a) => a.associationType === 'resale' && a.validToMs !== undefined && a.validToMs >= startMs && a.validToMs < endMs && funded.has(a.customerId))
    .map((a) => ({ partnerId: a.partnerId, customerId: a.customerId, timeMs: a.validToMs! }));
  const parents = new Map(reference.partners.map((p) => [p.partnerId, p.parentPartnerId]));
  const activities = computeFundLedgers({
    period: run.period, movements, spends, unbinds,
    isResale: (customerId, partnerId, timeMs) => {
      const a = attributeRecord(index, customerId, timeMs);
      return a !== undefined && a.partnerId === partnerId && a.associationType === 'resale';
    },
    parentOf: (partnerId) => parents.get(partnerId) ?? '',
    openingPartners, openingCustomers,
    timeText: (ms) => isoInZone(ms, zone),
  }, run.revision, policy);
  return { activities, conflicts };
}
