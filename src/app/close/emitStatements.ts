import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../adapters/store/openDatabase';
import { getRun, listStatementFiles, loadRunDocument, loadStatementFileContent, saveStatementFiles, type IssuedFileEntry } from '../../adapters/store/closeStore';
import { issuedFileOnDisk } from '../../adapters/output/issuedFileOnDisk';
import { fileStatsForPeriod, listRejects } from '../../adapters/store/deliveryStore';
import { removeStaleTempFiles, sha256Of, writeChunksAtomic, writeFileAtomic } from '../../adapters/output/writeFileAtomic';
import type { PartnerStatement } from '../../domain/bills/partnerStatement';
import type { CheckResult } from '../../domain/reconcile/checkResult';
import { renderReconciliationCsv, renderReconciliationJson } from '../../domain/reconcile/renderReconciliation';
import { renderRejectsCsv } from '../../domain/reconcile/renderRejects';
import { renderJson } from '../../domain/statements/csvFormat';
import { renderPartnerStatementCsv, renderPartnerStatementJson, renderPartnerStatementText } from '../../domain/statements/renderPartnerStatement';
import { renderInvoiceListCsv, renderSettlementCsv, renderSettlementJson, renderSettlementText } from '../../domain/statements/renderSettlement';
import { renderDiffCsv, renderDiffJson } from '../../domain/revisions/renderDiff';
import { writeLineageFiles, type LineageOptions } from './buildLineage';
import { lineagePathOf } from '../../domain/statements/lineage';
import { renderCustomerInvoicesCsv, renderCustomerInvoicesJson } from '../../domain/statements/renderCustomerInvoices';
import { renderAccountActivityCsv, renderAccountActivityJson } from '../../domain/statements/renderAccountActivity';
import type { AccountActivity } from '../../domain/funds/fundLedger';
import { revisionDiffOf } from './revisionDiff';
import { statementEntries, type StatementEntry } from './statementEntries';
import type { SettlementStatement } from '../../domain/marketplace/settlementStatement';
import { renderIncentiveCsv, renderIncentiveJson, renderIncentiveText } from '../../domain/statements/renderIncentive';
import type { IncentiveStatement } from '../../domain/incentives/incentiveStatement';
import { ENGINE_VERSION } from '../engineVersion';
import { DEFAULT_BILLING_ZONE } from '../../domain/period/period';
import { filesBeside, type ServiceNames } from '../../domain/statements/html/pageOptions';
import { loadLatestReferenceRows } from '../../adapters/store/referenceStore';
import type { ServiceTypeName } from '../../domain/reference/types';
import { renderPartnerStatementHtml } from '../../domain/statements/renderPartnerStatementHtml';
import { renderSettlementHtml } from '../../domain/statements/renderSettlementHtml';
import { renderIncentiveHtml } from '../../domain/statements/renderIncentiveHtml';
import { renderDashboardHtml } from '../../domain/statements/renderDashboardHtml';
import { buildDashboardModel, type Placed } from '../../domain/statements/dashboard/dashboardModel';
import type { ManagerRows, ManagerView } from '../../domain/managers/managerCustomers';
import { SpillArea } from '../../adapters/output/spillSort';
import { SpilledManagerRows } from './spilledManagerRows';
import { renderManagerCsv, renderManagerHtml } from '../../domain/statements/renderManagerView';
import { safePathSegment } from '../../domain/statements/safePathSegment';
import { partnerTotalsBefore } from '../../adapters/store/periodTrend';
import type { CloseRunRow } from '../../adapters/store/closeStore';

export interface EmittedFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface EmitResult {
  dir: string;
  files: EmittedFile[];
}

/** `<out>/<period>/rev-<n>/`: where a run's files go (DOMAIN §6). */
export function revisionDir(outDir: string, period: string, revision: number): string {
  return join(outDir, period, `rev-${revision}`);
}

/**
 * Writes a run's files under `<out>/<period>/rev-<n>/`, atomically. The first emit renders
 * them and records the issued bytes; once the period is closed, emitting again writes those
 * recorded bytes (a closed period's files never change, whatever arrives later; emitIssued). Lineage files
 * are streamed to disk, never held whole; their SHA-256 is recorded, and a later emit
 * regenerates them from the run's fixed view and refuses to write anything else. Temp files an
 * earlier, killed emit left in the folder are removed first (removeStaleTempFiles).
 */
export async function emitStatements(db: Database, runId: number, outDir: string, zone: string = DEFAULT_BILLING_ZONE): Promise<EmitResult> {
  const run = await getRun(db, runId);
  const dir = revisionDir(outDir, run.period, run.revision);
  await removeStaleTempFiles(dir);
  const recorded = await listStatementFiles(db, runId);
  const entries = await statementEntries(db, run.id);
  if (run.state === 'completed' && recorded.length > 0) return emitIssued(db, run, dir, recorded, entries, zone);
  // The customer-manager views' rows are taken in the lineage pass's read of the period (no read of their own), spilled per manager.
  const spill = new SpillArea(MANAGER_ROWS_SPILLED_AT);
  let lineage: EmittedFile[];
  let files: EmittedFile[];
  try {
    const managers = new SpilledManagerRows(spill);
    lineage = await streamLineage(db, run, dir, entries, zone, (record, association) => managers.add(record, association));
    const serviceNames = await serviceNamesOf(db, run.watermark);
    files = await writeRunFiles(db, run, dir, entries, lineage, { zone, serviceNames, managers });
  } finally {
    spill.close();
  }
  // The issued bytes are recorded from the files just written, one at a time, checked against their SHA-256.
  await saveStatementFiles(db, runId, [
    ...files.map((f) => ({ path: f.path, sha256: f.sha256, content: () => readIssuedFile(join(dir, f.path), f.sha256) })),
    ...lineage.map((f) => ({ path: f.path, sha256: f.sha256, content: null })),
  ]);
  return { dir, files: [...files, ...lineage].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** A file this emit wrote, as text; refused if its bytes are no longer the ones written. */
async function readIssuedFile(path: string, sha256: string): Promise<string> {
  const bytes = await readFile(path);
  if (sha256Of(bytes) !== sha256) throw new Error(`${path} changed while its run's files were being recorded`);
  return bytes.toString('utf8');
}

/**
 * Writes a completed run's issued files again: the recorded bytes, and the lineage regenerated
 * from the run's fixed view (refused unless it reproduces the recorded SHA-256). A file already
 * in place with the recorded SHA-256 is left as it is, so that closing a closed period again
 * costs reading its files, not recomputing its lineage.
 */
async function emitIssued(db: Database, run: CloseRunRow, dir: string, recorded: readonly IssuedFileEntry[], entries: readonly StatementEntry[], zone: string): Promise<EmitResult> {
  const bytes = new Map<string, number>();
  for (const f of recorded) {
    const inPlace = await issuedFileOnDisk(join(dir, f.path), f.sha256);
    if (inPlace !== undefined) {
      bytes.set(f.path, inPlace);
    } else if (!f.regenerated) {
      // One file's recorded bytes at a time: a revision's files are never all held.
      const content = (await loadStatementFileContent(db, run.id, f.path)) ?? '';
      await writeFileAtomic(join(dir, f.path), content);
      bytes.set(f.path, Buffer.byteLength(content));
    }
  }
  const expected = new Map(recorded.filter((f) => f.regenerated && !bytes.has(f.path)).map((f) => [f.path, f.sha256]));
  const lineage = await streamLineage(db, run, dir, entries.filter((e) => expected.has(lineagePathOf(`${e.base}.json`))), zone);
  const differing = lineage.filter((f) => expected.get(f.path) !== f.sha256).map((f) => f.path);
  if (differing.length > 0) throw new Error(`lineage of ${run.runKey} no longer reproduces its recorded SHA-256: ${differing.join(', ')}`);
  for (const f of lineage) bytes.set(f.path, f.bytes);
  return { dir, files: recorded.map((f) => ({ path: f.path, sha256: f.sha256, bytes: bytes.get(f.path) ?? 0 })) };
}

/** Writes the lineage files of these statements under `dir`, one subject at a time; returns their hashes and sizes. */
async function streamLineage(
  db: Database, run: CloseRunRow, dir: string, entries: readonly StatementEntry[], zone: string, observe?: LineageOptions['observe'],
): Promise<EmittedFile[]> {
  const out: EmittedFile[] = [];
  await writeLineageFiles(db, run, entries.map((e) => ({ ...e, jsonPath: `${e.base}.json` })), async (path, chunks) => {
    out.push({ path, ...await writeChunksAtomic(join(dir, path), chunks) });
  }, { zone, observe });
  return out;
}

/** The files of one statement: JSON (with per-line lineage references), CSV, readable text, HTML page; a settlement's invoice list. */
function statementFiles(e: StatementEntry, zone: string, serviceNames: ServiceNames): { path: string; content: string }[] {
  const beside = filesBeside(e.base.slice(e.base.lastIndexOf('/') + 1), zone, serviceNames);
  const { lineageFile } = beside;
  if (e.kind === 'partner') {
    const statement = e.document as PartnerStatement;
    // statement(.CUR) → customer-invoices(.CUR), beside it.
    const invoices = e.base.replace(/\/statement(\.[^/]*)?$/, '/customer-invoices$1');
    const invoicesJson = renderCustomerInvoicesJson(statement);
    const invoicesCsv = renderCustomerInvoicesCsv(statement);
    return [
      { path: `${e.base}.json`, content: renderPartnerStatementJson(statement, { lineageFile }) },
      { path: `${e.base}.csv`, content: renderPartnerStatementCsv(statement) },
      { path: `${e.base}.txt`, content: renderPartnerStatementText(statement) },
      { path: `${e.base}.html`, content: renderPartnerStatementHtml(statement, beside) },
      ...(invoicesJson === undefined || invoicesCsv === undefined ? [] : [
        { path: `${invoices}.json`, content: invoicesJson },
        { path: `${invoices}.csv`, content: invoicesCsv },
      ]),
    ];
  }
  if (e.kind === 'settlement') {
    const settlement = e.document as SettlementStatement;
    const invoiceList = e.base.replace(/\/settlement(\.[^/]*)?$/, '/invoice-list$1');
    return [
      { path: `${e.base}.json`, content: renderSettlementJson(settlement, { lineageFile }) },
      { path: `${e.base}.csv`, content: renderSettlementCsv(settlement) },
      { path: `${e.base}.txt`, content: renderSettlementText(settlement) },
      { path: `${e.base}.html`, content: renderSettlementHtml(settlement, beside) },
      { path: `${invoiceList}.csv`, content: renderInvoiceListCsv(settlement) },
    ];
  }
  const incentive = e.document as IncentiveStatement;
  return [
    { path: `${e.base}.json`, content: renderIncentiveJson(incentive, { lineageFile }) },
    { path: `${e.base}.csv`, content: renderIncentiveCsv(incentive) },
    { path: `${e.base}.txt`, content: renderIncentiveText(incentive) },
    { path: `${e.base}.html`, content: renderIncentiveHtml(incentive, beside) },
  ];
}

/** Partial manager rows held in the spill area before it writes them to temp files as sorted runs. */
const MANAGER_ROWS_SPILLED_AT = 40_000;

/** The service type names of the run's reference data (service-types.csv as of its watermark), for the pages. */
async function serviceNamesOf(db: Database, watermark: number): Promise<ServiceNames> {
  const rows = await loadLatestReferenceRows(db, ['service-types'], watermark);
  return new Map(rows.map((r) => {
    const t = r.data as ServiceTypeName;
    return [t.serviceTypeCode, { name: t.name, nameZh: t.nameZh }] as const;
  }));
}

/** The run's statements of one kind with the path of their files. */
function placed<T>(entries: readonly StatementEntry[], kind: StatementEntry['kind']): Placed<T>[] {
  return entries.filter((e) => e.kind === kind).map((e) => ({ base: e.base, statement: e.document as T }));
}

/**
 * Renders and writes every output file of a run but the lineage (already written), one
 * statement at a time (a month's statements are never all held as text at once), then the
 * manifest over all of them, last. Nothing depends on clock, host or path.
 */
async function writeRunFiles(
  db: Database, run: CloseRunRow, dir: string, entries: readonly StatementEntry[], lineage: readonly EmittedFile[],
  pages: { zone: string; serviceNames: ServiceNames; managers: ManagerRows },
): Promise<EmittedFile[]> {
  const { zone, serviceNames } = pages;
  const written: EmittedFile[] = [];
  const write = async (path: string, content: string) => {
    written.push({ path, sha256: await writeFileAtomic(join(dir, path), content), bytes: Buffer.byteLength(content) });
  };
  for (const e of entries) for (const f of statementFiles(e, zone, serviceNames)) await write(f.path, f.content);
  const diff = await revisionDiffOf(db, run, entries);
  if (diff.from_revision !== null) {
    await write('diff.json', renderDiffJson(diff));
    await write('diff.csv', renderDiffCsv(diff));
  }
  // One manager at a time: a view's lines are written and let go; the dashboard keeps only the totals.
  const managers: { folder: string; view: ManagerView }[] = [];
  for (const manager of pages.managers.managers()) {
    const view = pages.managers.take(manager, run.period, run.revision);
    const folder = `managers/${safePathSegment(manager)}`;
    await write(`${folder}/customers.csv`, renderManagerCsv(view));
    await write(`${folder}/customers.html`, renderManagerHtml(view, serviceNames));
    managers.push({ folder, view: { ...view, lines: [] } });
  }
  // Partner fund accounts: the first currency of a partner (CNY first) names the plain file.
  const funds = (await loadRunDocument<AccountActivity[]>(db, run.id, 'funds')) ?? [];
  for (const [i, a] of funds.entries()) {
    const first = funds.findIndex((b) => b.partner_id === a.partner_id) === i;
    const base = `partners/${safePathSegment(a.partner_id)}/account-activity${first ? '' : `.${a.currency}`}`;
    await write(`${base}.json`, renderAccountActivityJson(a));
    await write(`${base}.csv`, renderAccountActivityCsv(a));
  }
  const checks = (await loadRunDocument<CheckResult[]>(db, run.id, 'reconciliation')) ?? [];
  const report = { period: run.period, revision: run.revision, checks };
  await write('reconciliation.json', renderReconciliationJson(report));
  await write('reconciliation.csv', renderReconciliationCsv(report));
  await write('index.html', renderDashboardHtml(buildDashboardModel({
    period: run.period, revision: run.revision, zone, checks,
    partners: placed<PartnerStatement>(entries, 'partner'),
    settlements: placed<SettlementStatement>(entries, 'settlement'),
    incentives: placed<IncentiveStatement>(entries, 'incentive'),
    history: await partnerTotalsBefore(db, run.period),
    managers,
  })));
  const rejects = await listRejects(db, run.period, run.watermark);
  await write('rejects.csv', renderRejectsCsv(rejects.map((r) => ({ file: r.fileName, line: r.line, column: r.column, value: r.rawValue, code: r.code, message: r.message }))));
  const listed = [...written, ...lineage].sort((a, b) => (a.path < b.path ? -1 : 1));
  const inputs = (await fileStatsForPeriod(db, run.period, run.watermark))
    .map((f) => ({ file: f.fileName, sha256: f.sha256 }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.sha256 < b.sha256 ? -1 : 1));
  const manifest = renderJson({
    period: run.period,
    revision: run.revision,
    engine_version: ENGINE_VERSION,
    config_hash: run.configHash,
    input_fingerprint: run.inputFingerprint,
    inputs,
    files: listed.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
  });
  await write('manifest.json', manifest);
  return written;
}
