import type { Database } from '../../adapters/store/openDatabase';
import { inForceRunsBefore, loadRunDocument } from '../../adapters/store/closeStore';
import { feeRecordsOfCustomers, loadFundMovements, loadVoucherEvents } from '../../adapters/store/fundStore';
import type { PeriodView } from '../../adapters/store/periodView';
import { attributeRecord, type AssociationIndex } from '../../domain/bills/attribution';
import { computeFundLedgers, currencyOrder, emptyActivity, type AccountActivity, type SpendEvent, type UnbindEvent } from '../../domain/funds/fundLedger';
import { computeVoucherLedgers, type VoucherEvent, type VoucherUse } from '../../domain/funds/voucherLedger';
import { compareText } from '../../domain/text/compareText';
import { contentKey } from '../../domain/funds/movementKey';
import type { RoundingPolicy } from '../../domain/money/rounding';
import { periodBounds, periodOf } from '../../domain/period/period';
import { isoInZone } from '../../domain/period/zonedTime';
import type { ReferenceData } from '../../domain/reference/types';

export interface FundsResult {
  activities: AccountActivity[];
  /** A movement_id delivered again with other content: the first delivered is kept. */
  conflicts: { movementId: string; fileId: number; line: number }[];
}

/**
 * The period's partner fund ledgers (docs/partner-funds.md): the period's movements of every
 * fund-movements.csv delivered by the run's watermark (each movement_id once), the closing
 * balances of the previous period's revision in force at the view's instant as openings, what funded resale customers spent (their
 * records' cash_amount) and the resale associations that ended inside the period.
 */
export async function computeFunds(
  db: Database, run: { period: string; revision: number; watermark: number }, view: PeriodView, reference: ReferenceData, index: AssociationIndex,
  zone: string, policy: RoundingPolicy,
): Promise<FundsResult> {
  const conflicts: FundsResult['conflicts'] = [];
  const inPeriod = (timeMs: number) => periodOf(timeMs, zone) === run.period;
  const movements = firstDelivered((await loadFundMovements(db, run.watermark)).map((r) => ({ ...r, item: r.movement })),
    (m) => m.movementId, contentKey, conflicts).filter((m) => inPeriod(m.timeMs));
  // The openings are the closing balances of the latest earlier period's revision in force at
  // the view's instant: an as-of recomputation must not take them from a revision sealed later.
  const previousRun = (await inForceRunsBefore(db, run.period, view.asOf)).at(-1)?.runId;
  const previous = previousRun === undefined ? [] : (await loadRunDocument<AccountActivity[]>(db, previousRun, 'funds')) ?? [];
  // Last period's closings are this period's openings: funds, and vouchers in use and held.
  const openingPartners = new Map<string, string>();
  const openingCustomers = new Map<string, string>();
  const openingUsed = new Map<string, string>();
  const openingVoucherCustomers = new Map<string, string>();
  for (const a of previous) {
    openingPartners.set(`${a.partner_id}|${a.currency}`, a.exact.totals.closing_balance);
    for (const c of a.exact.customers) if (c.closing_balance !== '0') openingCustomers.set(`${a.partner_id}|${c.customer_id}|${a.currency}`, c.closing_balance);
    if (a.vouchers === undefined) continue;
    openingUsed.set(`${a.partner_id}|${a.currency}`, a.vouchers.exact.closing_used);
    for (const c of a.vouchers.exact.customers) if (c.closing_balance !== '0') openingVoucherCustomers.set(`${a.partner_id}|${c.customer_id}|${a.currency}`, c.closing_balance);
  }
  const funded = new Set<string>([...openingCustomers.keys()].map((k) => k.split('|')[1]!));
  // Vouchers: events of the period (each event_id once).
  const voucherEvents: VoucherEvent[] = firstDelivered((await loadVoucherEvents(db, run.watermark)).map((r) => ({ ...r, item: r.event })),
    (e) => e.eventId, (e) => JSON.stringify([e.timeMs, e.partnerId, e.operation, e.customerId, e.amount, e.currency, e.memo]), conflicts)
    .filter((e) => inPeriod(e.timeMs));
  const voucherHolders = new Set<string>([...openingVoucherCustomers.keys()].map((k) => k.split('|')[1]!));
  for (const e of voucherEvents) voucherHolders.add(e.customerId);
  for (const m of movements) if (m.customerId !== '' && (m.operation === 'allocate' || m.operation === 'reclaim')) funded.add(m.customerId);
  const spends: SpendEvent[] = [];
  const uses: VoucherUse[] = [];
  for (const r of await feeRecordsOfCustomers(db, view, [...new Set([...funded, ...voucherHolders])].sort())) {
    const association = attributeRecord(index, r.customerId, r.tradeTimeMs);
    if (association?.associationType !== 'resale') continue;
    if (funded.has(r.customerId)) spends.push({ partnerId: association.partnerId, customerId: r.customerId, currency: r.currency, timeMs: r.tradeTimeMs, cash: r.amounts.cash, recordId: r.recordId });
    if (voucherHolders.has(r.customerId) && r.amounts.coupon !== '0') uses.push({ partnerId: association.partnerId, customerId: r.customerId, currency: r.currency, timeMs: r.tradeTimeMs, coupon: r.amounts.coupon, recordId: r.recordId });
  }
  const { startMs, endMs } = periodBounds(run.period, zone);
  const unbinds: UnbindEvent[] = reference.associations
    .filter((a) => a.associationType === 'resale' && a.validToMs !== undefined && a.validToMs >= startMs && a.validToMs < endMs
      && (funded.has(a.customerId) || voucherHolders.has(a.customerId)))
    .map((a) => ({ partnerId: a.partnerId, customerId: a.customerId, timeMs: a.validToMs! }));
  const parents = new Map(reference.partners.map((p) => [p.partnerId, p.parentPartnerId]));
  const isResale = (customerId: string, partnerId: string, timeMs: number): boolean => {
    const a = attributeRecord(index, customerId, timeMs);
    return a !== undefined && a.partnerId === partnerId && a.associationType === 'resale';
  };
  const activities = computeFundLedgers({
    period: run.period, movements, spends, unbinds,
    isResale,
    parentOf: (partnerId) => parents.get(partnerId) ?? '',
    openingPartners, openingCustomers,
    funded: new Set([...openingCustomers.keys(), ...movements.filter((m) => m.operation === 'allocate' || m.operation === 'reclaim').map((m) => `${m.partnerId}|${m.customerId}|${m.currency}`)]),
    timeText: (ms) => isoInZone(ms, zone),
  }, run.revision, policy);
  const vouchers = computeVoucherLedgers({
    events: voucherEvents.map((e) => ({ ...e })), uses, unbinds, isResale,
    quotas: new Map(reference.voucherQuotas.map((q) => [`${q.partnerId}|${q.currency}`, q.quota])),
    openingUsed, openingCustomers: openingVoucherCustomers, timeText: (ms) => isoInZone(ms, zone),
  }, policy);
  for (const [key, section] of vouchers) {
    const [partnerId, currency] = key.split('|') as [string, string];
    let activity = activities.find((a) => a.partner_id === partnerId && a.currency === currency);
    if (activity === undefined) {
      activity = emptyActivity(run.period, run.revision, partnerId, currency);
      activities.push(activity);
    }
    activity.vouchers = section;
  }
  activities.sort((a, b) => compareText(a.partner_id, b.partner_id) || currencyOrder(a.currency, b.currency));
  return { activities, conflicts };
}

/**
 * Rows that accumulate across deliveries (fund movements, voucher events), each id once: the
 * first delivered is kept; the same id with other content is a conflict (reported, not applied).
 */
function firstDelivered<T>(
  rows: readonly { fileId: number; line: number; item: T }[], idOf: (t: T) => string, contentOf: (t: T) => string,
  conflicts: FundsResult['conflicts'],
): T[] {
  const seen = new Map<string, string>();
  const kept: T[] = [];
  for (const { fileId, line, item } of rows) {
    const id = idOf(item);
    const earlier = seen.get(id);
    if (earlier === undefined) {
      seen.set(id, contentOf(item));
      kept.push(item);
    } else if (earlier !== contentOf(item)) {
      conflicts.push({ movementId: id, fileId, line });
    }
  }
  return kept;
}

