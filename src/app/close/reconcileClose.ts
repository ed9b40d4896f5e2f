import type { Database } from '../../adapters/store/openDatabase';
import { getRun, loadRunDocument, loadStatements, saveRunDocument } from '../../adapters/store/closeStore';
import { fileStatsForPeriod, listConflicts } from '../../adapters/store/deliveryStore';
import {
  FEE_TABLES, countPeriodRecords, feeRecordsFailingIdentity, forEachAttributionProbe, ordersByTradeId, periodRefunds,
  recordsOutsidePeriod, refundsOfOrders,
} from '../../adapters/store/reconcileQueries';
import { listParkedPartners } from '../../adapters/store/parkedPartners';
import { loadReferenceData } from '../../adapters/store/referenceStore';
import { attributeRecord, buildAssociationIndex, findAssociationOverlaps, type AssociationIndex } from '../../domain/bills/attribution';
import type { PartnerStatement } from '../../domain/bills/partnerStatement';
import { ExactSum, subtractDecimal } from '../../domain/money/exactDecimal';
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
import { incentiveCapChecks, incentivePerformanceChecks, incentiveSumChecks, incentiveTierChecks } from '../../domain/reconcile/incentiveChecks';
import type { ReckonConfig } from '../config';

export interface ReconcileResult {
  ok: number;
  warn: number;
  fail: number;
}

const FILE_OF = { consumption: 'consumption.csv', refund: 'refunds.csv', adjustment: 'adjustments.csv' } as const;
const TABLE_OF = { consumption: 'consumption_records', refund: 'refund_records', adjustment: 'adjustment_records' } as const;
const KINDS = ['consumption', 'refund', 'adjustment'] as const;

/**
 * Runs every check of DOMAIN §7 (ingest, records, partner bills, settlements, incentives) for the
 * run's period and stores the report with the run (emitted as reconciliation.json/.csv).
 */
export async function reconcileClose(db: Database, config: ReckonConfig, runId: number): Promise<ReconcileResult> {
  const run = await getRun(db, runId);
  if (run.state === 'completed') return summariseChecks((await loadRunDocument<CheckResult[]>(db, runId, 'reconciliation')) ?? []);
  const period = run.period;
  const statements = (await loadStatements(db, runId, 'partner')).map((s) => s.document as PartnerStatement);
  const settlements = (await loadStatements(db, runId, 'settlement')).map((s) => s.document as SettlementStatement);
  const incentives = (await loadStatements(db, runId, 'incentive')).map((s) => s.document as IncentiveStatement);
  const reference = await loadReferenceData(db);
  const index = buildAssociationIndex(reference.associations);
  const counts = await recordCounts(db, period);
  const checks: CheckResult[] = [
    ...(await identityRows(db, period, counts)),
    ...(await periodRows(db, period, config.zone, counts)),
    ...(await associationRows(db, period, index)),
    ...associationOverlapChecks(findAssociationOverlaps(index)),
    ...(await refundRows(db, period)),
    ...ingestConflictChecks((await listConflicts(db, period)).map((c) => ({ file: c.fileName, recordId: c.recordId }))),
    ...ingestCountChecks((await fileStatsForPeriod(db, period)).map((f) => ({
      file: f.fileName, rowsRead: f.rowsRead, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, conflicts: f.conflicts,
    }))),
    ...providerSummaryChecks(period, statements, reference.providerSummary?.filter((r) => r.billCycle === period)),
    ...statementSumChecks(statements),
    ...splitConservationChecks(settlements),
    ...settlementSumChecks(settlements),
    ...marketplaceRefundChecks(settlements, reference.marketplaceProducts),
    ...incentivePerformanceChecks(incentives),
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

type RecordCounts = Record<keyof typeof TABLE_OF, number>;

/** The period's record count per kind, read once for the checks that report how many they saw. */
async function recordCounts(db: Database, period: string): Promise<RecordCounts> {
  const counts = { consumption: 0, refund: 0, adjustment: 0 };
  for (const kind of KINDS) counts[kind] = await countPeriodRecords(db, TABLE_OF[kind], period);
  return counts;
}

async function identityRows(db: Database, period: string, counts: RecordCounts): Promise<CheckResult[]> {
  const files: FileFindings<IdentityFinding>[] = [];
  for (const t of FEE_TABLES) {
    const failing = await feeRecordsFailingIdentity(db, t.kind, period);
    files.push({ file: t.file, recordsChecked: counts[t.kind], findings: failing.flatMap(checkFeeIdentities) });
  }
  return identityChecks(files);
}

async function periodRows(db: Database, period: string, zone: string, counts: RecordCounts): Promise<CheckResult[]> {
  const files: FileFindings[] = [];
  for (const kind of KINDS) {
    const outside = await recordsOutsidePeriod(db, TABLE_OF[kind], period);
    const findings = outside.map((r) => findPeriodMismatch(r, zone)).filter((f): f is RecordFinding => f !== undefined);
    files.push({ file: FILE_OF[kind], recordsChecked: counts[kind], findings });
  }
  return recordPeriodChecks(files);
}

async function associationRows(db: Database, period: string, index: AssociationIndex): Promise<CheckResult[]> {
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
async function refundRows(db: Database, period: string): Promise<CheckResult[]> {
  const refunds = await periodRefunds(db, period);
  const tradeIds = [...new Set(refunds.map((r) => r.originalTradeId))].sort();
  const orders = await ordersByTradeId(db, tradeIds);
  const paidByOrder = new Map<string, ExactSum>();
  for (const o of orders) {
    const acc = paidByOrder.get(o.tradeId) ?? new ExactSum();
    acc.add(subtractDecimal(o.amounts.payable, o.amounts.coupon));
    paidByOrder.set(o.tradeId, acc);
  }
  const unmatched = refunds.filter((r) => !paidByOrder.has(r.originalTradeId))
    .map((r) => ({ file: 'refunds.csv', recordId: r.recordId, originalTradeId: r.originalTradeId, payable: r.amounts.payable }));
  const matchedIds = tradeIds.filter((id) => paidByOrder.has(id));
  const refundsByOrder = new Map<string, { sum: ExactSum; ids: string[] }>();
  for (const r of await refundsOfOrders(db, matchedIds)) {
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
  return [...refundUnmatchedChecks(refunds.length, unmatched), ...refundExcessChecks(refunded)];
}
