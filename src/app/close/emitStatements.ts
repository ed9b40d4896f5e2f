import { join } from 'node:path';
import type { Database } from '../../adapters/store/openDatabase';
import { getRun, loadRunDocument, loadStatementFiles, loadStatements, saveStatementFiles, type IssuedFile } from '../../adapters/store/closeStore';
import { fileStatsForPeriod, listRejects } from '../../adapters/store/deliveryStore';
import { sha256Of, writeFileAtomic } from '../../adapters/output/writeFileAtomic';
import type { PartnerStatement } from '../../domain/bills/partnerStatement';
import type { CheckResult } from '../../domain/reconcile/checkResult';
import { renderReconciliationCsv, renderReconciliationJson } from '../../domain/reconcile/renderReconciliation';
import { renderRejectsCsv } from '../../domain/reconcile/renderRejects';
import { renderJson } from '../../domain/statements/csvFormat';
import { renderPartnerStatementCsv, renderPartnerStatementJson, renderPartnerStatementText } from '../../domain/statements/renderPartnerStatement';
import { safePathSegment } from '../../domain/statements/safePathSegment';
import { renderInvoiceListCsv, renderSettlementCsv, renderSettlementJson, renderSettlementText } from '../../domain/statements/renderSettlement';
import type { SettlementStatement } from '../../domain/marketplace/settlementStatement';
import { renderIncentiveCsv, renderIncentiveJson, renderIncentiveText } from '../../domain/statements/renderIncentive';
import type { IncentiveStatement } from '../../domain/incentives/incentiveStatement';
import { ENGINE_VERSION } from '../engineVersion';
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
 * recorded bytes (a closed period's files never change, whatever arrives later).
 */
export async function emitStatements(db: Database, runId: number, outDir: string): Promise<EmitResult> {
  const run = await getRun(db, runId);
  const dir = revisionDir(outDir, run.period, run.revision);
  const recorded = await loadStatementFiles(db, runId);
  const files = run.state === 'completed' && recorded.length > 0 ? recorded : await renderRunFiles(db, run);
  for (const f of files) await writeFileAtomic(join(dir, f.path), f.content);
  if (files !== recorded) await saveStatementFiles(db, runId, files);
  return { dir, files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: Buffer.byteLength(f.content) })) };
}

/** `<name>` for the subject's primary currency, `<name>.<CUR>` for each other one. */
function baseName(name: string, currency: string, primaryCurrency: string): string {
  return currency === primaryCurrency ? name : `${name}.${safePathSegment(currency)}`;
}

/** Primary currency of each subject: its first saved statement's (saved primary first: the partner's currency, a merchant's CNY). */
function primaryCurrencies(stored: readonly { subjectId: string; currency: string }[]): Map<string, string> {
  const primary = new Map<string, string>();
  for (const s of stored) if (!primary.has(s.subjectId)) primary.set(s.subjectId, s.currency);
  return primary;
}

/**
 * A merchant's files: settlement.json/.csv/.txt and invoice-list.csv beside them; a merchant
 * settled in several currencies gets settlement.<CUR>.json… for each currency but its primary (CNY when present).
 */
function settlementFiles(stored: readonly { subjectId: string; currency: string; document: unknown }[]): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  const primary = primaryCurrencies(stored);
  for (const s of stored) {
    const settlement = s.document as SettlementStatement;
    const dir = `merchants/${safePathSegment(s.subjectId)}`;
    const base = `${dir}/${baseName('settlement', s.currency, primary.get(s.subjectId)!)}`;
    out.push({ path: `${base}.json`, content: renderSettlementJson(settlement) });
    out.push({ path: `${base}.csv`, content: renderSettlementCsv(settlement) });
    out.push({ path: `${base}.txt`, content: renderSettlementText(settlement) });
    out.push({ path: `${dir}/${baseName('invoice-list', s.currency, primary.get(s.subjectId)!)}.csv`, content: renderInvoiceListCsv(settlement) });
  }
  return out;
}

/** Renders every output file of a run, then the manifest over them. Nothing depends on clock, host or path. */
async function renderRunFiles(db: Database, run: CloseRunRow): Promise<IssuedFile[]> {
  const outputs: { path: string; content: string }[] = [];
  const stored = await loadStatements(db, run.id, 'partner');
  const primaryBySubject = primaryCurrencies(stored);
  for (const s of stored) {
    const statement = s.document as PartnerStatement;
    const base = `partners/${safePathSegment(s.subjectId)}/${baseName('statement', statement.currency, primaryBySubject.get(s.subjectId)!)}`;
    outputs.push({ path: `${base}.json`, content: renderPartnerStatementJson(statement) });
    outputs.push({ path: `${base}.csv`, content: renderPartnerStatementCsv(statement) });
    outputs.push({ path: `${base}.txt`, content: renderPartnerStatementText(statement) });
  }
  outputs.push(...settlementFiles(await loadStatements(db, run.id, 'settlement')));
  for (const s of await loadStatements(db, run.id, 'incentive')) {
    const incentive = s.document as IncentiveStatement;
    const base = `incentives/${safePathSegment(s.subjectId)}/incentive`;
    outputs.push({ path: `${base}.json`, content: renderIncentiveJson(incentive) });
    outputs.push({ path: `${base}.csv`, content: renderIncentiveCsv(incentive) });
    outputs.push({ path: `${base}.txt`, content: renderIncentiveText(incentive) });
  }
  const checks = (await loadRunDocument<CheckResult[]>(db, run.id, 'reconciliation')) ?? [];
  const report = { period: run.period, revision: run.revision, checks };
  outputs.push({ path: 'reconciliation.json', content: renderReconciliationJson(report) });
  outputs.push({ path: 'reconciliation.csv', content: renderReconciliationCsv(report) });
  const rejects = await listRejects(db, run.period);
  outputs.push({
    path: 'rejects.csv',
    content: renderRejectsCsv(rejects.map((r) => ({ file: r.fileName, line: r.line, column: r.column, value: r.rawValue, code: r.code, message: r.message }))),
  });
  outputs.sort((a, b) => (a.path < b.path ? -1 : 1));
  const files = outputs.map((o) => ({ ...o, sha256: sha256Of(o.content) }));
  const inputs = (await fileStatsForPeriod(db, run.period))
    .map((f) => ({ file: f.fileName, sha256: f.sha256 }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.sha256 < b.sha256 ? -1 : 1));
  const manifest = renderJson({
    period: run.period,
    revision: run.revision,
    engine_version: ENGINE_VERSION,
    config_hash: run.configHash,
    input_fingerprint: run.inputFingerprint,
    inputs,
    files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: Buffer.byteLength(f.content) })),
  });
  return [...files, { path: 'manifest.json', content: manifest, sha256: sha256Of(manifest) }];
}
