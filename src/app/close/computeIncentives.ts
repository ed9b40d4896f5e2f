import type { Database } from '../../adapters/store/openDatabase';
import { closedStatementsOf, getRun, latestClosedStatementsBefore, loadStatements, saveStatements } from '../../adapters/store/closeStore';
import { readBookedFeeRecords } from '../../adapters/store/bookedRecords';
import { readBillFeeRecords } from '../../adapters/store/billRecordReader';
import { parkPartners, unparkPartner, type ParkedPartner } from '../../adapters/store/parkedPartners';
import { serviceOfOrders } from '../../adapters/store/reconcileQueries';
import { viewOfRun } from './runView';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex } from '../../domain/bills/attribution';
import { IncentiveBuilder, IncentiveDataError, primaryCurrencyOf, rowsOfCurrency } from '../../domain/incentives/incentiveBuilder';
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
  currency: string;
  builder: IncentiveBuilder;
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
  const subjectCurrency = (id: string, currency: string) => `${id}|${currency}`;
  const carried = new Map((await latestClosedStatementsBefore<IncentiveStatement>(db, 'incentive', run.period, run.asOf)).map((s) => [subjectCurrency(s.subjectId, s.currency), s]));
  const late = (await readBookedFeeRecords(db, runId)).filter((r) => r.billCycle < run.period);
  const originals = new Map<string, Map<string, IncentiveStatement>>();
  const latePeriods = [...new Set(late.map((r) => r.billCycle))].sort();
  for (const s of await closedStatementsOf<IncentiveStatement>(db, 'incentive', latePeriods, providers.map((p) => p.partnerId), run.asOf)) {
    const key = subjectCurrency(s.subjectId, s.currency);
    originals.set(key, (originals.get(key) ?? new Map<string, IncentiveStatement>()).set(s.period, s.document));
  }
  // One statement per partner and currency: its own currency always, another when its customers' records are in it.
  const work = new Map<string, Work>();
  const workOf = (partner: Partner, currency: string): Work => {
    const key = subjectCurrency(partner.partnerId, currency);
    let w = work.get(key);
    if (w === undefined) {
      const previous = carried.get(key);
      const primary = primaryCurrencyOf(partner);
      w = {
        partner,
        currency,
        builder: new IncentiveBuilder({
          period: run.period,
          revision: run.revision,
          partner,
          currency,
          policies: rowsOfCurrency(reference.incentivePolicies, currency, primary),
          specials: rowsOfCurrency(reference.specialIncentives.filter((r) => r.partnerId === partner.partnerId && r.period === run.period), currency, primary),
          carriedIn: previous ? { amount: previous.document.totals.carried_out, fromPeriod: previous.period } : undefined,
          originalStatements: originals.get(key) ?? new Map(),
          rounding: config.rounding,
        }),
      };
      work.set(key, w);
    }
    return w;
  };
  const byId = new Map(providers.map((p) => [p.partnerId, p]));
  for (const partner of providers) workOf(partner, primaryCurrencyOf(partner));
  // A clawback carried in a currency without records this period still nets there.
  for (const [key, s] of carried) {
    const partner = byId.get(s.subjectId);
    if (partner !== undefined && s.document.totals.carried_out !== '0.00' && !work.has(key)) workOf(partner, s.currency);
  }

  const index = buildAssociationIndex(reference.associations);
  const { startMs, endMs } = periodBounds(run.period, config.zone);
  const refunds: { record: FeeRecord; work: Work; newCustomer: boolean }[] = [];
  const records = await readBillFeeRecords(db, view, { kind: 'customers', customerIds: customersOf(reference.associations, new Set(byId.keys())) }, (batch) => {
    for (const record of batch) {
      const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
      const partner = association && byId.get(association.partnerId);
      if (!association || !partner) continue;
      const w = workOf(partner, record.currency);
      const newCustomer = association.validFromMs >= startMs && association.validFromMs < endMs;
      if (record.kind === 'refund') refunds.push({ record, work: w, newCustomer });
      else w.builder.add(record, record.serviceTypeCode, newCustomer);
    }
  });
  const corrections: { record: FeeRecord; work: Work }[] = [];
  for (const record of late) {
    const association = attributeRecord(index, record.customerId, record.tradeTimeMs);
    const partner = association && byId.get(association.partnerId);
    if (!association || !partner) continue;
    corrections.push({ record, work: workOf(partner, record.currency) });
  }
  const serviceOfOrder = await serviceOfOrders(db, view, [...refunds, ...corrections].filter((r) => r.record.kind === 'refund').map((r) => r.record.originalTradeId));
  const serviceOf = (r: FeeRecord): string => (r.kind === 'refund' ? serviceOfOrder.get(r.originalTradeId) ?? r.serviceTypeCode : r.serviceTypeCode);
  for (const r of refunds) r.work.builder.add(r.record, serviceOf(r.record), r.newCustomer);
  for (const c of corrections) c.work.builder.addCorrection(c.record, serviceOf(c.record), c.record.billCycle);

  const result: ComputeIncentivesResult = { partners: [], parked: [], records };
  // A partner's statements are stored together, its own currency first (it names the plain files).
  for (const partner of providers) {
    const primary = primaryCurrencyOf(partner);
    const mine = [...work.values()].filter((w) => w.partner.partnerId === partner.partnerId)
      .sort((a, b) => (a.currency === primary ? -1 : b.currency === primary ? 1 : a.currency < b.currency ? -1 : 1));
    try {
      const statements = mine.map((w) => w.builder.finish());
      await saveStatements(db, runId, run.period, run.revision, 'incentive', partner.partnerId, statements.map((s) => ({
        kind: 'incentive', subjectId: s.partner_id, currency: s.currency, totals: { ...s.totals }, document: s,
      })));
      await unparkPartner(db, runId, partner.partnerId, 'incentive');
      for (const s of statements) result.partners.push({ partnerId: s.partner_id, payable: s.totals.payable, carriedOut: s.totals.carried_out });
    } catch (err) {
      if (!(err instanceof IncentiveDataError)) throw err;
      result.parked.push({ partnerId: partner.partnerId, kind: 'incentive', code: err.code, message: err.message });
    }
  }
  await parkPartners(db, runId, result.parked);
  return result;
}
