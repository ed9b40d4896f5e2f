import type { Database } from '../../adapters/store/openDatabase';
import { closedStatementTotals, getRun, loadStatements, saveStatements, type CloseRunRow } from '../../adapters/store/closeStore';
import { readBillRecords, type RecordScope } from '../../adapters/store/billRecordReader';
import { readBookedRecords } from '../../adapters/store/bookedRecords';
import { viewOfRun } from './runView';
import { parkPartners, unparkPartner, type ParkedPartner } from '../../adapters/store/parkedPartners';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex } from '../../domain/bills/attribution';
import { PartnerBillBuilder, type PartnerBillOptions } from '../../domain/bills/partnerBillBuilder';
import { checkPartnerReference } from '../../domain/bills/partnerReference';
import { previousPeriod } from '../../domain/period/period';
import type { ReferenceData } from '../../domain/reference/types';
import type { ReckonConfig } from '../config';
import { resellersOf } from '../../domain/bills/resellersOf';
import { billedPartnerIds, customersOf } from './billedPartners';
import { SpillArea } from '../../adapters/output/spillSort';
import type { SortedStrings } from '../../domain/bills/validOrderCounter';

export interface ComputePartnersResult {
  partners: { partnerId: string; statements: { currency: string; amountDue: string }[] }[];
  /** Partners whose bill could not be built (data error), with its code; stored as parked. */
  parked: ParkedPartner[];
  records: number;
}

/** How far a pass is: partners whose bill is stored or parked, of all it computes, and the records read. */
export interface PartnersProgress {
  partnersDone: number;
  partnersTotal: number;
  recordsRead: number;
}

interface Receiver {
  partnerId: string;
  builder: PartnerBillBuilder;
}

/**
 * Computes the bills (DOMAIN §5.1) of a group of partners for the run's period and stores them
 * with the run. The group's records are read once: the whole period when the group is every
 * billed partner (one sequential pass), else the records of the customers ever associated with
 * the group. Attribution by association window at trade_time decides what lands on which bill;
 * a record reaches its partner's builder and, for a reseller, its distributor's.
 *
 * A partner whose bill cannot be built (its builder throws, e.g. a broken partner tree) is dropped
 * from the pass and parked with its error code; the other partners' bills are still stored.
 * Parking happens here, not in a runner, so the inline and the queued runner record it alike.
 * Running it again for the same run replaces the statements, never adds; a completed run is left alone.
 */
export async function computePartnerBills(
  db: Database,
  config: ReckonConfig,
  runId: number,
  partnerIds: readonly string[],
  onProgress?: (progress: PartnersProgress) => void,
): Promise<ComputePartnersResult> {
  const run = await getRun(db, runId);
  if (run.state === 'completed') return { partners: [], parked: [], records: 0 };
  const reference = await loadReferenceData(db, run.watermark);
  const requested = [...new Set(partnerIds)].sort();
  const orderSpill = new SpillArea(ORDER_ROWS_HELD);
  try {
    return await computeWith(db, config, run, reference, requested, () => orderSpill.bucket(), onProgress);
  } finally {
    orderSpill.close();
  }
}

/**
 * Order amounts held in memory over all the job's bills before they are spilled to sorted temp
 * runs (ValidOrderCounter): the number of orders of a month grows with its records.
 */
const ORDER_ROWS_HELD = 200_000;

async function computeWith(
  db: Database, config: ReckonConfig, run: CloseRunRow, reference: ReferenceData, requested: readonly string[],
  orderSpill: () => SortedStrings, onProgress: ((progress: PartnersProgress) => void) | undefined,
): Promise<ComputePartnersResult> {
  const runId = run.id;
  const partnersTotal = requested.length;
  onProgress?.({ partnersDone: 0, partnersTotal, recordsRead: 0 });
  const parked = new Map<string, ParkedPartner>();
  const builders = new Map<string, PartnerBillBuilder>();
  for (const partnerId of requested) {
    const options = { ...await builderOptions(db, config, reference, run, partnerId), orderSpill };
    guarded(parked, partnerId, () => {
      checkPartnerReference(reference.partners, partnerId);
      builders.set(partnerId, new PartnerBillBuilder(options));
    });
  }
  const receivers = receiversByPartner(reference, builders);
  const index = buildAssociationIndex(reference.associations);
  let done = 0;
  await readBillRecords(db, viewOfRun(run), recordScope(reference, requested), async (records) => {
    for (const record of records) {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      if (!association) continue;
      for (const r of receivers.get(association.partnerId) ?? []) {
        if (!parked.has(r.partnerId)) guarded(parked, r.partnerId, () => r.builder.add(record, association));
      }
    }
    done += records.length;
    onProgress?.({ partnersDone: 0, partnersTotal, recordsRead: done });
    // A batch is CPU work: give timers (queue lock renewal) a turn before the next one.
    await new Promise(setImmediate);
  });
  // Late records of closed periods this run books (DOMAIN §3): prior-period correction lines naming their period.
  for (const record of await readBookedRecords(db, runId)) {
    const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
    if (!association) continue;
    for (const r of receivers.get(association.partnerId) ?? []) {
      if (!parked.has(r.partnerId)) guarded(parked, r.partnerId, () => r.builder.addCorrection(record, record.billCycle, association));
    }
  }
  const partners: ComputePartnersResult['partners'] = [];
  // Partners parked before the pass (no builder) are done; the others as their bill is stored or parked.
  let partnersDone = partnersTotal - builders.size;
  for (const [partnerId, builder] of builders) {
    const statements = parked.has(partnerId) ? undefined : guarded(parked, partnerId, () => builder.finish());
    if (statements !== undefined) {
      await saveStatements(db, runId, run.period, run.revision, 'partner', partnerId, statements.map((s) => ({
        kind: 'partner', subjectId: partnerId, currency: s.currency, totals: { ...s.totals }, document: s,
      })));
      await unparkPartner(db, runId, partnerId);
      partners.push({ partnerId, statements: statements.map((s) => ({ currency: s.currency, amountDue: s.totals.amount_due })) });
    }
    partnersDone++;
    if (partnersDone < partnersTotal) onProgress?.({ partnersDone, partnersTotal, recordsRead: done });
  }
  await parkPartners(db, runId, [...parked.values()]);
  onProgress?.({ partnersDone: partnersTotal, partnersTotal, recordsRead: done });
  return { partners, parked: [...parked.values()], records: done };
}

/** Runs one partner's bill step; a throw parks that partner (code kept) instead of failing the pass. */
function guarded<T>(parked: Map<string, ParkedPartner>, partnerId: string, step: () => T): T | undefined {
  try {
    return step();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    parked.set(partnerId, {
      partnerId,
      code: typeof code === 'string' ? code : 'bill.compute_failed',
      message: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  }
}

/** Partners of the run with no statement yet: after a parked run, the ones a retry must compute. */
export async function partnersWithoutStatements(db: Database, runId: number, billed: readonly string[]): Promise<string[]> {
  const computed = new Set((await loadStatements(db, runId, 'partner')).map((s) => s.subjectId));
  return billed.filter((id) => !computed.has(id));
}

async function builderOptions(db: Database, config: ReckonConfig, reference: ReferenceData, run: CloseRunRow, partnerId: string): Promise<PartnerBillOptions> {
  const { period, revision } = run;
  const partner = reference.partners.find((p) => p.partnerId === partnerId);
  const creditBroughtForward: Record<string, string> = {};
  for (const s of await closedStatementTotals(db, previousPeriod(period), 'partner', partnerId, run.asOf)) {
    if (s.totals.credit_carried) creditBroughtForward[s.currency] = s.totals.credit_carried;
  }
  return {
    partnerId,
    period,
    revision,
    partners: reference.partners,
    primaryCurrency: partner?.currency || 'CNY',
    coupons: reference.partnerCoupons.filter((c) => c.partnerId === partnerId && c.period === period),
    creditBroughtForward,
    rounding: config.rounding,
    serviceTypeNames: new Map(reference.serviceTypes.map((t) => [t.serviceTypeCode, t.name] as const)),
  };
}

/** For each attributed partner: the builders its records go to (its own, and its distributor's). */
function receiversByPartner(reference: ReferenceData, builders: ReadonlyMap<string, PartnerBillBuilder>): Map<string, Receiver[]> {
  const receivers = new Map<string, Receiver[]>();
  const push = (attributed: string, receiver: Receiver) => receivers.set(attributed, [...(receivers.get(attributed) ?? []), receiver]);
  for (const [partnerId, builder] of builders) {
    push(partnerId, { partnerId, builder });
    for (const reseller of resellersOf(reference.partners, partnerId)) push(reseller, { partnerId, builder });
  }
  return receivers;
}

function recordScope(reference: ReferenceData, partnerIds: readonly string[]): RecordScope {
  const everyBilled = billedPartnerIds(reference);
  const group = new Set(partnerIds);
  if (everyBilled.length > 0 && everyBilled.every((id) => group.has(id))) return { kind: 'all' };
  const scope = new Set<string>();
  for (const partnerId of group) {
    scope.add(partnerId);
    for (const reseller of resellersOf(reference.partners, partnerId)) scope.add(reseller);
  }
  return { kind: 'customers', customerIds: customersOf(reference.associations, scope) };
}
