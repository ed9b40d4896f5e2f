import type { Database } from '../../adapters/store/openDatabase';
import { closedStatementTotals, getRun, saveStatements } from '../../adapters/store/closeStore';
import { readBillRecords, type RecordScope } from '../../adapters/store/billRecordReader';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex } from '../../domain/bills/attribution';
import { PartnerBillBuilder } from '../../domain/bills/partnerBillBuilder';
import { previousPeriod } from '../../domain/period/period';
import type { ReferenceData } from '../../domain/reference/types';
import type { ReckonConfig } from '../config';
import { billedPartnerIds, customersOf, resellersOf } from './billedPartners';

export interface ComputePartnersResult {
  partners: { partnerId: string; statements: { currency: string; amountDue: string }[] }[];
  records: number;
}

/**
 * Computes the bills (DOMAIN §5.1) of a group of partners for the run's period and stores them
 * with the run. The group's records are read once: the whole period when the group is every
 * billed partner (one sequential pass), else the records of the customers ever associated with
 * the group. Attribution by association window at trade_time decides what lands on which bill;
 * a record reaches its partner's builder and, for a reseller, its distributor's.
 * Running it again for the same run replaces the statements, never adds.
 */
export async function computePartnerBills(
  db: Database,
  config: ReckonConfig,
  runId: number,
  partnerIds: readonly string[],
  onProgress?: (recordsDone: number) => void,
): Promise<ComputePartnersResult> {
  const run = await getRun(db, runId);
  const reference = await loadReferenceData(db);
  const builders = new Map<string, PartnerBillBuilder>();
  for (const partnerId of [...partnerIds].sort()) {
    builders.set(partnerId, await newBuilder(db, config, reference, run.period, run.revision, partnerId));
  }
  const receivers = receiversByPartner(reference, builders);
  const index = buildAssociationIndex(reference.associations);
  let done = 0;
  await readBillRecords(db, run.period, recordScope(reference, builders), (records) => {
    for (const record of records) {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      if (!association) continue;
      for (const builder of receivers.get(association.partnerId) ?? []) builder.add(record, association);
    }
    done += records.length;
    onProgress?.(done);
  });
  const partners: ComputePartnersResult['partners'] = [];
  for (const [partnerId, builder] of builders) {
    const statements = builder.finish();
    await saveStatements(db, runId, run.period, run.revision, 'partner', partnerId, statements.map((s) => ({
      kind: 'partner', subjectId: partnerId, currency: s.currency, totals: { ...s.totals }, document: s,
    })));
    partners.push({ partnerId, statements: statements.map((s) => ({ currency: s.currency, amountDue: s.totals.amount_due })) });
  }
  return { partners, records: done };
}

async function newBuilder(db: Database, config: ReckonConfig, reference: ReferenceData, period: string, revision: number, partnerId: string): Promise<PartnerBillBuilder> {
  const partner = reference.partners.find((p) => p.partnerId === partnerId);
  const creditBroughtForward: Record<string, string> = {};
  for (const s of await closedStatementTotals(db, previousPeriod(period), 'partner', partnerId)) {
    if (s.totals.credit_carried) creditBroughtForward[s.currency] = s.totals.credit_carried;
  }
  return new PartnerBillBuilder({
    partnerId,
    period,
    revision,
    partners: reference.partners,
    primaryCurrency: partner?.currency || 'CNY',
    coupons: reference.partnerCoupons.filter((c) => c.partnerId === partnerId && c.period === period),
    creditBroughtForward,
    rounding: config.rounding,
  });
}

/** For each attributed partner: the builders its records go to (its own, and its distributor's). */
function receiversByPartner(reference: ReferenceData, builders: ReadonlyMap<string, PartnerBillBuilder>): Map<string, PartnerBillBuilder[]> {
  const receivers = new Map<string, PartnerBillBuilder[]>();
  const push = (attributed: string, builder: PartnerBillBuilder) => receivers.set(attributed, [...(receivers.get(attributed) ?? []), builder]);
  for (const [partnerId, builder] of builders) {
    push(partnerId, builder);
    for (const reseller of resellersOf(reference.partners, partnerId)) push(reseller, builder);
  }
  return receivers;
}

function recordScope(reference: ReferenceData, builders: ReadonlyMap<string, PartnerBillBuilder>): RecordScope {
  const everyBilled = billedPartnerIds(reference);
  if (everyBilled.length > 0 && everyBilled.every((id) => builders.has(id))) return { kind: 'all' };
  const scope = new Set<string>();
  for (const partnerId of builders.keys()) {
    scope.add(partnerId);
    for (const reseller of resellersOf(reference.partners, partnerId)) scope.add(reseller);
  }
  return { kind: 'customers', customerIds: customersOf(reference.associations, scope) };
}
