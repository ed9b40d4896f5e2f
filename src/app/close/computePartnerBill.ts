import type { Database } from '../../adapters/store/openDatabase';
import { closedStatementTotals, getRun, saveStatements } from '../../adapters/store/closeStore';
import { readPeriodRecords } from '../../adapters/store/recordReader';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex } from '../../domain/bills/attribution';
import { PartnerBillBuilder } from '../../domain/bills/partnerBillBuilder';
import { previousPeriod } from '../../domain/period/period';
import type { ReckonConfig } from '../config';
import { customersOf, resellersOf } from './billedPartners';

export interface ComputePartnerResult {
  partnerId: string;
  statements: { currency: string; amountDue: string }[];
  records: number;
}

/**
 * Computes one partner's bills for the run's period (DOMAIN §5.1) and stores them with the run.
 * Reads only the records of customers ever associated with the partner or its resellers;
 * attribution by association window at trade_time decides what is on the bill.
 * Running it again for the same run replaces, never adds.
 */
export async function computePartnerBill(
  db: Database,
  config: ReckonConfig,
  runId: number,
  partnerId: string,
  onProgress?: (recordsDone: number) => void,
): Promise<ComputePartnerResult> {
  const run = await getRun(db, runId);
  const reference = await loadReferenceData(db);
  const partner = reference.partners.find((p) => p.partnerId === partnerId);
  const resellerIds = resellersOf(reference.partners, partnerId);
  const scope = new Set([partnerId, ...resellerIds]);
  const creditBroughtForward: Record<string, string> = {};
  for (const s of await closedStatementTotals(db, previousPeriod(run.period), 'partner', partnerId)) {
    if (s.totals.credit_carried) creditBroughtForward[s.currency] = s.totals.credit_carried;
  }
  const builder = new PartnerBillBuilder({
    partnerId,
    period: run.period,
    revision: run.revision,
    partners: reference.partners,
    primaryCurrency: partner?.currency || 'CNY',
    coupons: reference.partnerCoupons.filter((c) => c.partnerId === partnerId && c.period === run.period),
    creditBroughtForward,
    rounding: config.rounding,
  });
  const index = buildAssociationIndex(reference.associations);
  let done = 0;
  await readPeriodRecords(db, run.period, customersOf(reference.associations, scope), (records) => {
    for (const record of records) {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      if (association && scope.has(association.partnerId)) builder.add(record, association);
    }
    done += records.length;
    onProgress?.(done);
  });
  const statements = builder.finish();
  await saveStatements(db, runId, run.period, run.revision, 'partner', partnerId, statements.map((s) => ({
    kind: 'partner', subjectId: partnerId, currency: s.currency, totals: { ...s.totals }, document: s,
  })));
  return { partnerId, statements: statements.map((s) => ({ currency: s.currency, amountDue: s.totals.amount_due })), records: done };
}
