import type { Knex } from 'knex';
import type { Database } from './openDatabase';
import { EVERY_FILE } from './periodView';

/** Persistence of periods, close runs and what they issued. The database is the guard of idempotency. */

export type PeriodState = 'open' | 'closing' | 'closed';

export interface PeriodRow {
  period: string;
  state: PeriodState;
  revision: number;
  closedRunId: number | null;
}

export interface CloseRunRow {
  id: number;
  runKey: string;
  period: string;
  scope: string;
  revision: number;
  state: 'running' | 'completed' | 'failed';
  inputFingerprint: string;
  configHash: string;
  startedAt: string;
  finishedAt: string | null;
  summary: unknown;
  error: string | null;
  /** The run's view (adapters/store/periodView): highest delivery file it sees, and the instant of the view. */
  watermark: number;
  asOf: string;
  /** The run's revision closed its period: nothing it issued can change (enforced by triggers). */
  sealed: boolean;
  sealedAt: string | null;
}

export interface StoredStatement {
  kind: string;
  subjectId: string;
  currency: string;
  totals: Record<string, string>;
  document: unknown;
}

/** Run keys double as queue job ids later, so they avoid ':' and are never all digits. */
export function runKeyOf(period: string, scope: string, revision: number): string {
  return `close-${period}-${scope}-r${revision}`;
}

export async function getPeriod(db: Database, period: string): Promise<PeriodRow | undefined> {
  const row = await db.knex('periods').where({ period }).first();
  if (!row) return undefined;
  return { period: row.period, state: row.state, revision: Number(row.revision), closedRunId: row.closed_run_id ?? null };
}

export async function listPeriods(db: Database): Promise<PeriodRow[]> {
  const rows = await db.knex('periods').orderBy('period');
  return rows.map((row) => ({ period: row.period, state: row.state, revision: Number(row.revision), closedRunId: row.closed_run_id ?? null }));
}

function runFromRow(row: Record<string, any>): CloseRunRow {
  return {
    id: Number(row.id),
    runKey: row.run_key,
    period: row.period,
    scope: row.scope,
    revision: Number(row.revision),
    state: row.state,
    inputFingerprint: row.input_fingerprint,
    configHash: row.config_hash,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? null,
    summary: row.summary ? JSON.parse(row.summary) : null,
    error: row.error ?? null,
    watermark: Number(row.watermark ?? 0),
    asOf: row.as_of ?? '',
    sealed: Number(row.sealed ?? 0) === 1,
    sealedAt: row.sealed_at ?? null,
  };
}

export async function getRun(db: Database, runId: number): Promise<CloseRunRow> {
  const row = await db.knex('close_runs').where({ id: runId }).first();
  if (!row) throw new Error(`close run ${runId} not found`);
  return runFromRow(row);
}

export async function findRunByKey(db: Database, runKey: string): Promise<CloseRunRow | undefined> {
  const row = await db.knex('close_runs').where({ run_key: runKey }).first();
  return row ? runFromRow(row) : undefined;
}

export async function listRuns(db: Database, period?: string): Promise<CloseRunRow[]> {
  const q = db.knex('close_runs').orderBy('id');
  if (period) q.where({ period });
  return (await q).map(runFromRow);
}

/**
 * Creates the run for `runKey` unless it exists (write-first: the insert is the transaction's
 * first statement). Returns the run, and whether this call created it. Also marks the period closing.
 */
export async function beginRun(
  db: Database,
  input: { period: string; scope: string; revision: number; inputFingerprint: string; configHash: string; startedAt: string; watermark?: number; asOf?: string },
): Promise<{ run: CloseRunRow; created: boolean }> {
  const runKey = runKeyOf(input.period, input.scope, input.revision);
  return db.knex.transaction(async (trx) => {
    const inserted = await trx('close_runs')
      .insert({
        run_key: runKey, period: input.period, scope: input.scope, revision: input.revision, state: 'running',
        input_fingerprint: input.inputFingerprint, config_hash: input.configHash, started_at: input.startedAt,
        // Without a view given (callers outside the close), the run sees everything as of its start.
        watermark: input.watermark ?? EVERY_FILE, as_of: input.asOf ?? input.startedAt,
      })
      .onConflict('run_key').ignore().returning('id');
    await trx('periods').insert({ period: input.period, state: 'closing', revision: 0 })
      .onConflict('period').ignore();
    await trx('periods').where({ period: input.period }).whereNot({ state: 'closed' }).update({ state: 'closing' });
    const row = await trx('close_runs').where({ run_key: runKey }).first();
    return { run: runFromRow(row), created: inserted.length > 0 };
  });
}

/**
 * Serialises the transactions that replace the same rows (delete + insert) on PostgreSQL, where
 * several worker processes may write at once: a transaction-scoped advisory lock on `key`,
 * released at commit or rollback. SQLite has one writer at a time already (the statement after
 * this one is the transaction's first write).
 */
async function lockForReplace(db: Database, trx: Knex.Transaction, key: string): Promise<void> {
  if (db.dialect === 'postgres') await trx.raw("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ' ' || ?))", [key]);
}

/**
 * Replaces the statements a run computed for one subject (a retried compute job rewrites the same
 * rows; concurrent writers of the same subject leave one set).
 */
export async function saveStatements(db: Database, runId: number, period: string, revision: number, kind: string, subjectId: string, statements: StoredStatement[]): Promise<void> {
  await db.knex.transaction(async (trx) => {
    await lockForReplace(db, trx, `reckon.statements ${period} ${revision} ${kind} ${subjectId}`);
    await trx('statements').where({ run_id: runId, kind, subject_id: subjectId }).delete();
    for (const s of statements) {
      await trx('statements').insert({
        run_id: runId, period, revision, kind, subject_id: subjectId, currency: s.currency,
        totals: JSON.stringify(s.totals), document: JSON.stringify(s.document),
      });
    }
  });
}

/** A run's statements by kind and subject; a subject's statements in the order they were saved (primary currency first). */
export async function loadStatements(db: Database, runId: number, kind?: string): Promise<StoredStatement[]> {
  const q = db.knex('statements').where({ run_id: runId }).orderBy(['kind', 'subject_id', 'id']);
  if (kind) q.where({ kind });
  return (await q).map((r) => ({
    kind: r.kind, subjectId: r.subject_id, currency: r.currency, totals: JSON.parse(r.totals), document: JSON.parse(r.document),
  }));
}

/**
 * The run in force for each period as of an instant: its latest revision sealed by then. A
 * reopened period's last revision stays in force until the next one is sealed.
 */
export function inForceRuns(db: Database, asOf: string): Knex.QueryBuilder {
  return db.knex('close_runs as f').where('f.sealed', 1).andWhere('f.sealed_at', '<=', asOf)
    .whereNotExists((q) => q.select(db.knex.raw('1')).from('close_runs as g')
      .whereRaw('g.period = f.period').andWhere('g.sealed', 1).andWhere('g.sealed_at', '<=', asOf).andWhereRaw('g.revision > f.revision'))
    .select('f.id', 'f.period', 'f.revision', 'f.watermark', 'f.input_fingerprint');
}

export interface InForceRun {
  runId: number;
  period: string;
  revision: number;
  watermark: number;
  inputFingerprint: string;
}

/** The runs in force as of `asOf` of the periods before `period`, oldest first. */
export async function inForceRunsBefore(db: Database, period: string, asOf: string): Promise<InForceRun[]> {
  const rows = await inForceRuns(db, asOf).andWhere('f.period', '<', period).orderBy('f.period');
  return rows.map((r: Record<string, unknown>) => ({
    runId: Number(r.id), period: String(r.period), revision: Number(r.revision), watermark: Number(r.watermark), inputFingerprint: String(r.input_fingerprint),
  }));
}

/** The run in force for `period` as of `asOf`, if a revision of it was sealed by then. */
export async function inForceRunOf(db: Database, period: string, asOf: string): Promise<InForceRun | undefined> {
  const r = await inForceRuns(db, asOf).andWhere('f.period', period).first();
  return r === undefined ? undefined : {
    runId: Number(r.id), period: String(r.period), revision: Number(r.revision), watermark: Number(r.watermark), inputFingerprint: String(r.input_fingerprint),
  };
}

/** The revision of `period` a new revision replaces: the latest sealed one below `revision`, as of `asOf`. */
export async function previousRevisionRun(db: Database, period: string, revision: number, asOf: string): Promise<CloseRunRow | undefined> {
  const row = await db.knex('close_runs').where({ period, sealed: 1 }).andWhere('revision', '<', revision).andWhere('sealed_at', '<=', asOf)
    .orderBy('revision', 'desc').first();
  return row ? runFromRow(row) : undefined;
}

/** A subject's statements of `kind` in the revision of `period` in force as of `asOf`, for carry-forward. */
export async function closedStatementTotals(db: Database, period: string, kind: string, subjectId: string, asOf: string): Promise<StoredStatement[]> {
  const run = await inForceRunOf(db, period, asOf);
  if (run === undefined) return [];
  return (await loadStatements(db, run.runId, kind)).filter((s) => s.subjectId === subjectId);
}

export async function saveRunDocument(db: Database, runId: number, name: string, content: unknown): Promise<void> {
  await db.knex('run_documents').insert({ run_id: runId, name, content: JSON.stringify(content) })
    .onConflict(['run_id', 'name']).merge(['content']);
}

export async function loadRunDocument<T>(db: Database, runId: number, name: string): Promise<T | undefined> {
  const row = await db.knex('run_documents').where({ run_id: runId, name }).first();
  return row ? (JSON.parse(row.content) as T) : undefined;
}

/**
 * A file to record: its content given, or loaded when it is recorded (one at a time, so a run's
 * files are never all held at once); null for a file regenerated on demand from the run's fixed
 * view (lineage).
 */
export interface IssuedFileToSave {
  path: string;
  sha256: string;
  content: string | null | (() => Promise<string>);
}

export async function saveStatementFiles(db: Database, runId: number, files: readonly IssuedFileToSave[]): Promise<void> {
  await db.knex.transaction(async (trx) => {
    await lockForReplace(db, trx, `reckon.statement_files ${runId}`);
    await trx('statement_files').where({ run_id: runId }).delete();
    for (const f of files) {
      const content = typeof f.content === 'function' ? await f.content() : f.content;
      await trx('statement_files').insert({ run_id: runId, path: f.path, sha256: f.sha256, content });
    }
  });
}

/** A recorded file without its bytes: whether it is regenerated on demand (lineage) or recorded whole. */
export interface IssuedFileEntry {
  path: string;
  sha256: string;
  regenerated: boolean;
}

/** The files a run issued, without their bytes (a month's pages are tens of MB: load one with loadStatementFileContent). */
export async function listStatementFiles(db: Database, runId: number): Promise<IssuedFileEntry[]> {
  const rows: { path: string; sha256: string; regenerated: unknown }[] = await db.knex('statement_files').where({ run_id: runId })
    .orderBy('path').select('path', 'sha256', db.knex.raw('(content IS NULL) as regenerated'));
  return rows.map((r) => ({ path: r.path, sha256: r.sha256, regenerated: Boolean(Number(r.regenerated)) }));
}

/** The recorded bytes of one issued file (null for a regenerated one). */
export async function loadStatementFileContent(db: Database, runId: number, path: string): Promise<string | null> {
  const row = await db.knex('statement_files').where({ run_id: runId, path }).first('content');
  return (row?.content as string | null | undefined) ?? null;
}

/**
 * Completes the run, seals it and closes the period in one transaction; from then on the
 * store's triggers refuse any change to what the run issued.
 */
export async function completeRun(db: Database, runId: number, summary: unknown, finishedAt: string): Promise<void> {
  await db.knex.transaction(async (trx) => {
    await trx('close_runs').where({ id: runId }).update({
      state: 'completed', summary: JSON.stringify(summary), finished_at: finishedAt, error: null, sealed: 1, sealed_at: finishedAt,
    });
    const run = await trx('close_runs').where({ id: runId }).first();
    await trx('periods').where({ period: run.period }).update({ state: 'closed', revision: run.revision, closed_run_id: runId });
  });
}

/** `summary`: what the run computed before it was stopped (a run held by --fail-on keeps its counts for `runs` and `status`). */
export async function failRun(db: Database, runId: number, error: string, finishedAt: string, summary?: unknown): Promise<void> {
  await db.knex('close_runs').where({ id: runId }).update({ state: 'failed', error, finished_at: finishedAt, ...(summary === undefined ? {} : { summary: JSON.stringify(summary) }) });
}

/** A failed run may be tried again under the same key: it goes back to running. */
export async function restartRun(db: Database, runId: number, inputFingerprint: string, view: { watermark: number; asOf: string }): Promise<void> {
  await db.knex('close_runs').where({ id: runId }).whereNot({ state: 'completed' })
    .update({ state: 'running', error: null, summary: null, finished_at: null, input_fingerprint: inputFingerprint, watermark: view.watermark, as_of: view.asOf });
}

/** The run finished without its parked partners: completed, but the period stays `closing`. */
export async function completeRunParked(db: Database, runId: number, summary: unknown, finishedAt: string): Promise<void> {
  await db.knex('close_runs').where({ id: runId }).update({ state: 'completed', summary: JSON.stringify(summary), finished_at: finishedAt, error: null });
}

/** A completed run of a period that is not closed (it parked partners) goes back to running for a retry. */
export async function reopenParkedRun(db: Database, runId: number, inputFingerprint: string, view: { watermark: number; asOf: string }): Promise<void> {
  await db.knex('close_runs').where({ id: runId, state: 'completed' })
    .update({ state: 'running', finished_at: null, input_fingerprint: inputFingerprint, watermark: view.watermark, as_of: view.asOf });
}

/** A statement of a closed period (the run that closed it). */
export interface ClosedStatement<D> {
  period: string;
  subjectId: string;
  currency: string;
  document: D;
}

function closedStatementQuery(db: Database, kind: string, asOf: string) {
  return db.knex('statements as s')
    .join(inForceRuns(db, asOf).as('p'), 'p.id', 's.run_id')
    .where('s.kind', kind)
    .select('s.period', 's.subject_id', 's.currency', 's.document');
}

function toClosed<D>(rows: readonly Record<string, unknown>[]): ClosedStatement<D>[] {
  return rows.map((r) => ({
    period: String(r.period), subjectId: String(r.subject_id), currency: String(r.currency), document: JSON.parse(String(r.document)) as D,
  }));
}

/**
 * Each subject × currency's latest closed statement of `kind` before `period`: where balances
 * carried forward (settlement deductions and deposits, incentive clawbacks) come from.
 */
export async function latestClosedStatementsBefore<D>(db: Database, kind: string, period: string, asOf: string): Promise<ClosedStatement<D>[]> {
  const latest = db.knex('statements as s2')
    .join(inForceRuns(db, asOf).as('p2'), 'p2.id', 's2.run_id')
    .where('s2.kind', kind).andWhere('s2.period', '<', period)
    .groupBy('s2.subject_id', 's2.currency')
    .select('s2.subject_id', 's2.currency').max({ period: 's2.period' })
    .as('latest');
  const rows = await closedStatementQuery(db, kind, asOf)
    .join(latest, (j) => j.on('latest.subject_id', '=', 's.subject_id').andOn('latest.currency', '=', 's.currency').andOn('latest.period', '=', 's.period'))
    .orderBy(['s.subject_id', 's.currency']);
  return toClosed<D>(rows);
}

/** Closed statements of `kind` of some subjects in some periods. */
export async function closedStatementsOf<D>(db: Database, kind: string, periods: readonly string[], subjectIds: readonly string[], asOf: string): Promise<ClosedStatement<D>[]> {
  if (periods.length === 0 || subjectIds.length === 0) return [];
  const rows = await closedStatementQuery(db, kind, asOf).whereIn('s.period', [...periods]).whereIn('s.subject_id', [...subjectIds])
    .orderBy(['s.period', 's.subject_id', 's.currency']);
  return toClosed<D>(rows);
}
