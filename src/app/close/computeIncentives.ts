import type { Database } from '../../adapters/store/openDatabase';
import { closedStatementsOf, getRun, latestClosedStatementsBefore, loadStatements, saveStatements } from '../../adapters/store/closeStore';
import { readBookedFeeRecords } from '../../adapters/store/bookedRecords';
import { readBillFeeRecords } from '../../adapters/store/billRecordReader';
import { parkPartners, unparkPartner, type ParkedPartner } from '../../adapters/store/parkedPartners';
import { serviceOfOrders } from '../../adapters/store/reconcileQueries';
import { viewOfRun } from './runView';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex } from '../../domain/bills/attribution';
import { IncentiveBuilder, IncentiveDataError } from '../../domain/incentives/incentiveBuilder';
import type { IncentiveStatement } from '../../domain/incentives/incentiveStatement';
import { periodBounds } from '../../domain/period/period';
import type { FeeRecord } from '../../domain/records/types';
import type { Partner } from '../../domain/reference/types';
import type { ReckonConfig } from '../config';
import { customersOf } from './billedPartners';

export interface ComputeIncentivesResult {
  partners: { partnerId: string; payable: string; carriedOut: string }[];
  /** Solution providers whose statement could not be computed (data error), stored as parked. */
  parked: ParkedPartner[];
  records: number;
}

interface Work {
  partner: Partner;
  builder: IncentiveBuilder;
  otherCurrency: number;
}

/**
 * Computes every solution provider's incentive statement (DOMAIN §5.3) for the run's period and
 * stores it with the run. Only the records of customers ever associated with a solution provider
 * are read; each is attributed by the association covering its trade_time (referral or resale).
 * A refund is booked to the service of its original order (found in any period), else its own.
 * The clawback carried in is the partner's latest closed statement's carried_out.
 *
 * Late records of closed earlier periods that the run books (DOMAIN §3), attributed the same
 * way, are prior-period corrections: per original period and service, at the rate the partner's
 * in-force statement of that period applied (its tier is not evaluated again).
 *
 * A provider whose statement cannot be computed (payout needing an invoice without the invoice
 * data) is parked; the others are stored. `onlyMissing` (retry of a parked run) leaves providers
 * already computed in the run alone.
 */
export async function computeIncentives(
  db: Database,
  config: ReckonConfig,
  runId: number,
  options: { onlyMissing?: boolean } = {},
): Promise<ComputeIncentivesResult> {
  const run = await getRun(db, runId);
  if (run.state === 'completed') return { partners: [], parked: [], records: 0 };
  const view = viewOfRun(run);
  const reference = await loadReferenceData(db, run.watermark);
  let providers = reference.partners.filter((p) => p.roles.includes('solution_provider')).sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
  if (options.onlyMissing) {
    const done = new Set((await loadStatements(db, runId, 'incentive')).map((s) => s.subjectId));
    providers = providers.filter((p) => !done.has(p.partnerId));
  }
  const carried = new Map((await latestClosedStatementsBefore<IncentiveStatement>(db, 'incentive', run.period, run.asOf)).map((s) => [s.subjectId, s]));
  const late = (await readBookedFeeRecords(db, runId)).filter((r) => r.billCycle < run.period);
  const originals = new Map<string, Map<string, IncentiveStatement>>();
  const latePeriods = [...new Set(late.map((r) => r.billCycle))].sort();
  for (const s of await closedStatementsOf<IncentiveStatement>(db, 'incentive', latePeriods, providers.map((p) => p.partnerId), run.asOf)) {
    originals.set(s.subjectId, (originals.get(s.subjectId) ?? new Map<string, IncentiveStatement>()).set(s.period, s.document));
  }
  const work = new Map<string, Work>(providers.map((partner) => {
    const previous = carried.get(partner.partnerId);
    const builder = new IncentiveBuilder({
      period: run.period,
      revision: run.revision,
      partner,
      policies: reference.incentivePolicies,
      specials: reference.specialIncentives.filter((r) => r.partnerId === partner.partnerId && r.period === run.period),
      carriedIn: previous ? { amount: previous.document.totals.carried_out, fromPeriod: previous.period } : undefined,
      originalStatements: originals.get(partner.partnerId) ?? new Map(),
      rounding: config.rounding,
    });
    return [partner.partnerId, { partner, builder, otherCurrency: 0 }];
  }));

  const index = buildAssociationIndex(reference.associations);
  const { startMs, endMs } = periodBounds(run.period, config.zone);
  const refunds: { record: FeeRecord; work: Work; newCustomer: boolean }[] = [];
  const records = await readBillFeeRecords(db, view, { kind: 'customers', customerIds: customersOf(reference.associations, new Set(work.keys())) }, (batch) => {
    for (const record of batch) {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      const w = association && work.get(association.partnerId);
      if (!association || !w) continue;
      if (record.currency !== (w.partner.currency || 'CNY')) {
        w.otherCurrency += 1;
        continue;
      }
      const newCustomer = association.validFromMs >= startMs && association.validFromMs < endMs;
      if (record.kind === 'refund') refunds.push({ record, work: w, newCustomer });
      else w.builder.add(record, record.serviceTypeCode, newCustomer);
    }
  });
  const corrections: { record: FeeRecord; work: Work }[] = [];
  for (const record of late) {
    const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
    const w = association && work.get(association.partnerId);
    if (!association || !w) continue;
    if (record.currency !== (w.partner.currency || 'CNY')) w.otherCurrency += 1;
    else corrections.push({ record, work: w });
  }
  const serviceOfOrder = await serviceOfOrders(db, view, [...refunds, ...corrections].filter((r) => r.record.kind === 'refund').map((r) => r.record.originalTradeId));
  const serviceOf = (r: FeeRecord): string => (r.kind === 'refund' ? serviceOfOrder.get(r.originalTradeId) ?? r.serviceTypeCode : r.serviceTypeCode);
  for (const r of refunds) r.work.builder.add(r.record, serviceOf(r.record), r.newCustomer);
  for (const c of corrections) c.work.builder.addCorrection(c.record, serviceOf(c.record), c.record.billCycle);

  const result: ComputeIncentivesResult = { partners: [], parked: [], records };
  for (const w of work.values()) {
    try {
      const s = w.builder.finish(w.otherCurrency);
      await saveStatements(db, runId, run.period, run.revision, 'incentive', s.partner_id, [{
        kind: 'incentive', subjectId: s.partner_id, currency: s.currency, totals: { ...s.totals }, document: s,
      }]);
      await unparkPartner(db, runId, s.partner_id, 'incentive');
      result.partners.push({ partnerId: s.partner_id, payable: s.totals.payable, carriedOut: s.totals.carried_out });
    } catch (err) {
      if (!(err instanceof IncentiveDataError)) throw err;
      result.parked.push({ partnerId: w.partner.partnerId, kind: 'incentive', code: err.code, message: err.message });
    }
  }
  await parkPartners(db, runId, result.parked);
  return result;
}
