import type { Database } from '../../adapters/store/openDatabase';
import { getRun, loadRunDocument, loadStatements, saveRunDocument } from '../../adapters/store/closeStore';
import { fileStatsForPeriod, importTallies, listConflicts } from '../../adapters/store/deliveryStore';
import {
  FEE_TABLES, countPeriodRecords, feeRecordsFailingIdentity, forEachAttributionProbe, ordersByTradeId, periodRefunds,
  recordsOutsidePeriod, refundsOfOrders, serviceOfOrders,
} from '../../adapters/store/reconcileQueries';
import { listParkedPartners } from '../../adapters/store/parkedPartners';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { listBookings } from '../../adapters/store/periodLifecycle';
import type { PeriodView, RecordKind } from '../../adapters/store/periodView';
import { lateRecordChecks } from '../../domain/reconcile/lateRecordChecks';
import { importTotalChecks } from '../../domain/reconcile/importTotalChecks';
import { invoiceableChecks } from '../../domain/reconcile/invoiceChecks';
import { fundChecks } from '../../domain/reconcile/fundChecks';
import { computeFunds } from './computeFunds';
import { viewOfRun } from './runView';
import { attributeRecord, buildAssociationIndex, findAssociationOverlaps, type AssociationIndex } from '../../domain/bills/attribution';
import type { PartnerStatement } from '../../domain/bills/partnerStatement';
import { ExactSum } from '../../domain/money/exactDecimal';
import { isStandaloneCredit, paidOf } from '../../domain/records/identities';
import { associationOverlapChecks } from '../../domain/reconcile/associationOverlapChecks';
import { checkRow, completeChecks, summariseChecks, type CheckResult } from '../../domain/reconcile/checkResult';
import { checkFeeIdentities, identityChecks, type IdentityFinding } from '../../domain/reconcile/identityChecks';
import { ingestConflictChecks, ingestCountChecks } from '../../domain/reconcile/ingestChecks';
import { providerSummaryChecks } from '../../domain/reconcile/providerSummaryChecks';
import { assessRecordAssociation, recordAssociationChecks } from '../../domain/reconcile/recordAssociationChecks';
import type { FileFindings, RecordFinding } from '../../domain/reconcile/recordFindingChecks';
import { findPeriodMismatch, recordPeriodChecks } from '../../domain/reconcile/recordPeriodChecks';
import { refundExcessChecks, refundUnmatchedChecks, type RefundedOrder } from '../../domain/reconcile/refundChecks';
import { statementSumChecks } from '../../domain/reconcile/statementSumChecks';
import { marketplaceRefundChecks, settlementSumChecks, splitConservationChecks } from '../../domain/reconcile/settlementChecks';
import type { SettlementStatement } from '../../domain/marketplace/settlementStatement';
import type { IncentiveStatement } from '../../domain/incentives/incentiveStatement';
import {
  incentiveBasisChecks, incentiveBasisKey, incentiveCapChecks, incentivePerformanceChecks, incentiveSumChecks, incentiveTierChecks, type IncentiveBasis,
} from '../../domain/reconcile/incentiveChecks';
import { readBillFeeRecords } from '../../adapters/store/billRecordReader';
import { performanceOf } from '../../domain/incentives/incentiveBuilder';
import { customersOf } from './billedPartners';
import type { ReferenceData } from '../../domain/reference/types';
import type { ReckonConfig } from '../config';

export interface ReconcileResult {
  ok: number;
  warn: number;
  fail: number;
}

const FILE_OF = { consumption: 'consumption.csv', refund: 'refunds.csv', adjustment: 'adjustments.csv' } as const;
const KINDS = ['consumption', 'refund', 'adjustment'] as const;

/**
 * Runs every check of DOMAIN §7 (ingest, records, partner bills, settlements, incentives) for the
 * run's period and stores the report with the run (emitted as reconciliation.json/.csv).
 */
export async function reconcileClose(db: Database, config: ReckonConfig, runId: number): Promise<ReconcileResult> {
  const run = await getRun(db, runId);
  if (run.state === 'completed') return summariseChecks((await loadRunDocument<CheckResult[]>(db, runId, 'reconciliation')) ?? []);
  const period = run.period;
  const view = viewOfRun(run);
  const statements = (await loadStatements(db, runId, 'partner')).map((s) => s.document as PartnerStatement);
  const settlements = (await loadStatements(db, runId, 'settlement')).map((s) => s.document as SettlementStatement);
  const incentives = (await loadStatements(db, runId, 'incentive')).map((s) => s.document as IncentiveStatement);
  const reference = await loadReferenceData(db, run.watermark);
  const index = buildAssociationIndex(reference.associations);
  const counts = await recordCounts(db, view);
  const funds = await computeFunds(db, run, view, reference, index, config.zone, config.rounding);
  await saveRunDocument(db, runId, 'funds', funds.activities);
  const checks: CheckResult[] = [
    ...(await identityRows(db, view, counts)),
    ...(await periodRows(db, view, config.zone, counts)),
    ...(await associationRows(db, view, index)),
    ...associationOverlapChecks(findAssociationOverlaps(index)),
    ...(await refundRows(db, view)),
    ...lateRecordChecks(period, await listBookings(db, runId)),
    ...ingestConflictChecks((await listConflicts(db, period, run.watermark)).map((c) => ({ file: c.fileName, recordId: c.recordId }))),
    ...ingestCountChecks((await fileStatsForPeriod(db, period, run.watermark)).map((f) => ({
      file: f.fileName, rowsRead: f.rowsRead, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, conflicts: f.conflicts, skipped: f.skipped,
    }))),
    ...importTotalChecks(period, await importTallies(db, run.watermark)),
    ...providerSummaryChecks(period, statements, reference.providerSummary?.filter((r) => r.billCycle === period)),
    ...statementSumChecks(statements),
    ...invoiceableChecks(statements),
    ...fundChecks(funds.activities, funds.conflicts),
    ...splitConservationChecks(settlements),
    ...settlementSumChecks(settlements),
    ...marketplaceRefundChecks(settlements, reference.marketplaceProducts),
    ...incentivePerformanceChecks(incentives),
    ...incentiveBasisChecks(incentives, await incentiveBasis(db, view, incentives, reference, index)),
    ...incentiveTierChecks(incentives, reference.incentivePolicies),
    ...incentiveCapChecks(incentives),
    ...incentiveSumChecks(incentives),
    // Only present when a partner or merchant is parked, so a clean run's report has no such row at all.
    ...(await listParkedPartners(db, runId)).map((p) =>
      checkRow('run.parked', 'fail', p.kind ? `${p.kind} ${p.partnerId}` : p.partnerId, {
        expected: 'statements computed', actual: `${p.code}: ${p.message}`,
      })),
  ];
  const complete = completeChecks(checks);
  await saveRunDocument(db, runId, 'reconciliation', complete);
  return summariseChecks(complete);
}

type RecordCounts = Record<RecordKind, number>;

/** The period's record count per kind, read once for the checks that report how many they saw. */
async function recordCounts(db: Database, view: PeriodView): Promise<RecordCounts> {
  const counts = { consumption: 0, refund: 0, adjustment: 0 };
  for (const kind of KINDS) counts[kind] = await countPeriodRecords(db, kind, view);
  return counts;
}

async function identityRows(db: Database, period: PeriodView, counts: RecordCounts): Promise<CheckResult[]> {
  const files: FileFindings<IdentityFinding>[] = [];
  for (const t of FEE_TABLES) {
    const failing = await feeRecordsFailingIdentity(db, t.kind, period);
    files.push({ file: t.file, recordsChecked: counts[t.kind], findings: failing.flatMap(checkFeeIdentities) });
  }
  return identityChecks(files);
}

async function periodRows(db: Database, period: PeriodView, zone: string, counts: RecordCounts): Promise<CheckResult[]> {
  const files: FileFindings[] = [];
  for (const kind of KINDS) {
    const outside = await recordsOutsidePeriod(db, kind, period);
    const findings = outside.map((r) => findPeriodMismatch(r, zone)).filter((f): f is RecordFinding => f !== undefined);
    files.push({ file: FILE_OF[kind], recordsChecked: counts[kind], findings });
  }
  return recordPeriodChecks(files);
}

async function associationRows(db: Database, period: PeriodView, index: AssociationIndex): Promise<CheckResult[]> {
  const files: FileFindings[] = [];
  for (const kind of KINDS) {
    const findings: RecordFinding[] = [];
    let checked = 0;
    await forEachAttributionProbe(db, kind, period, (probes) => {
      checked += probes.length;
      for (const p of probes) {
        const finding = assessRecordAssociation(p, attributeRecord(index, p.customerId, p.tradeTimeMs));
        if (finding) findings.push(finding);
      }
    });
    files.push({ file: FILE_OF[kind], recordsChecked: checked, findings });
  }
  return recordAssociationChecks(files);
}

/** refund.unmatched and refund.excess for the period's refunds; orders are looked up in every period. */
async function refundRows(db: Database, view: PeriodView): Promise<CheckResult[]> {
  const periodRefundRecords = await periodRefunds(db, view);
  const refunds = periodRefundRecords.filter((r) => !isStandaloneCredit(r));
  const credits = periodRefundRecords.length - refunds.length;
  const tradeIds = [...new Set(refunds.map((r) => r.originalTradeId))].sort();
  const orders = await ordersByTradeId(db, view, tradeIds);
  const paidByOrder = new Map<string, ExactSum>();
  for (const o of orders) {
    const acc = paidByOrder.get(o.tradeId) ?? new ExactSum();
    acc.add(paidOf(o.amounts));
    paidByOrder.set(o.tradeId, acc);
  }
  const unmatched = refunds.filter((r) => !paidByOrder.has(r.originalTradeId))
    .map((r) => ({ file: 'refunds.csv', recordId: r.recordId, originalTradeId: r.originalTradeId, payable: r.amounts.payable }));
  const matchedIds = tradeIds.filter((id) => paidByOrder.has(id));
  const refundsByOrder = new Map<string, { sum: ExactSum; ids: string[] }>();
  for (const r of await refundsOfOrders(db, view, matchedIds)) {
    const entry = refundsByOrder.get(r.originalTradeId) ?? { sum: new ExactSum(), ids: [] };
    entry.sum.add(r.amounts.payable);
    entry.ids.push(r.recordId);
    refundsByOrder.set(r.originalTradeId, entry);
  }
  const refunded: RefundedOrder[] = matchedIds.map((id) => ({
    originalTradeId: id,
    paid: paidByOrder.get(id)!.value(),
    refunds: refundsByOrder.get(id)?.sum.value() ?? '0',
    refundRecordIds: refundsByOrder.get(id)?.ids ?? [],
  }));
  return [...refundUnmatchedChecks(refunds.length, unmatched, 'warn', credits), ...refundExcessChecks(refunded)];
}

/**
 * Each incentive statement's basis, re-read from the records: those attributed to the partner at
 * trade_time in its currency, booked to their service (a refund to its order's service), kept
 * when the statement counts that service. Summed here, apart from the builder.
 */
async function incentiveBasis(
  db: Database, view: PeriodView, statements: readonly IncentiveStatement[], reference: ReferenceData, index: AssociationIndex,
): Promise<Map<string, IncentiveBasis>> {
  const byKey = new Map(statements.map((s) => [incentiveBasisKey(s.partner_id, s.currency), s]));
  const partners = new Set(statements.map((s) => s.partner_id));
  const counted = new Map(statements.map((s) => [incentiveBasisKey(s.partner_id, s.currency), new Set(s.services.filter((l) => l.counts_toward_tier).map((l) => l.service_type_code))]));
  const sums = new Map<string, { total: ExactSum; ids: string[] }>();
  const refunds: { key: string; recordId: string; orderId: string; ownService: string; amount: string }[] = [];
  await readBillFeeRecords(db, view, { kind: 'customers', customerIds: customersOf(reference.associations, partners) }, (batch) => {
    for (const r of batch) {
      const partnerId = attributeRecord(index, r.customerId, r.tradeTimeMs)?.partnerId;
      const key = partnerId === undefined ? undefined : incentiveBasisKey(partnerId, r.currency);
      if (key === undefined || !byKey.has(key)) continue;
      if (r.kind === 'refund') refunds.push({ key, recordId: r.recordId, orderId: r.originalTradeId, ownService: r.serviceTypeCode, amount: performanceOf(r) });
      else if (counted.get(key)!.has(r.serviceTypeCode)) add(sums, key, r.recordId, performanceOf(r));
    }
  });
  const orderService = await serviceOfOrders(db, view, refunds.map((r) => r.orderId));
  for (const r of refunds) {
    if (counted.get(r.key)!.has(orderService.get(r.orderId) ?? r.ownService)) add(sums, r.key, r.recordId, r.amount);
  }
  return new Map([...sums].map(([id, v]) => [id, { performanceExact: v.total.value(), recordIds: v.ids }]));
}

function add(sums: Map<string, { total: ExactSum; ids: string[] }>, partnerId: string, recordId: string, amount: string): void {
  const entry = sums.get(partnerId) ?? { total: new ExactSum(), ids: [] };
  entry.total.add(amount);
  entry.ids.push(recordId);
  sums.set(partnerId, entry);
}
