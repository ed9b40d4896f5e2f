import type { Knex } from 'knex';
import type { Database } from '../src/adapters/store/openDatabase';
import { findRunByKey, listStatementFiles, type CloseRunRow } from '../src/adapters/store/closeStore';
import { revisionDiffOf } from '../src/app/close/revisionDiff';
import { statementEntries } from '../src/app/close/statementEntries';
import type { CloseMode } from '../src/app/close/prepareClose';
import { diffRevisions, type RevisionDiff } from '../src/domain/revisions/diffStatements';
import type { ClosePayload } from './catalog';
import { runCloseInline, type CloseOutcome } from './inlineRunner';
import { withCloseLease, type LeaseWait } from '../src/app/close/waitForCloseLease';
import type { JobContext } from './jobContext';

export interface DryRunOutcome {
  outcome: CloseOutcome;
  /** The computed revision against the last committed one (first_close when there is none). */
  diff: RevisionDiff;
  /** as-of: the committed revision this recomputation stands for, and whether its files came out byte for byte the same. */
  reproduces?: { revision: number; committed: boolean; identical: boolean; differing: string[] };
}

class Rollback extends Error {}

/**
 * Runs a whole close (ingest included) through the same code path as a committing close, inside
 * one database transaction that is always rolled back: nothing it did stays in the store. Files
 * are written under the payload's outDir (never the committed tree: the caller picks the folder).
 * Everything the close needs from the store is read inside the transaction, before the rollback.
 */
export async function runDryClose(
  payload: ClosePayload, ctx: JobContext, mode: Exclude<CloseMode, { kind: 'commit' }>, lease: LeaseWait = {},
): Promise<DryRunOutcome> {
  // A dry run keeps nothing, but its transaction holds a SQLite store for its whole length: it
  // takes its turn like a close, instead of making a running close's writes time out.
  return withCloseLease(ctx.db, { period: payload.period, ...lease }, () => dryClose(payload, ctx, mode));
}

async function dryClose(payload: ClosePayload, ctx: JobContext, mode: Exclude<CloseMode, { kind: 'commit' }>): Promise<DryRunOutcome> {
  let result: DryRunOutcome | undefined;
  try {
    await ctx.db.knex.transaction(async (trx) => {
      const db: Database = { ...ctx.db, knex: trx as unknown as Knex };
      const outcome = await runCloseInline(payload, { ...ctx, db }, mode);
      const run = await findRunByKey(db, outcome.summary.runKey);
      if (run === undefined) throw new Error(`run ${outcome.summary.runKey} not found`);
      const entries = await statementEntries(db, run.id);
      const diff = outcome.status === 'unchanged' || outcome.status === 'already-closed'
        ? noChange(run, entries)
        : await revisionDiffOf(db, run, entries);
      result = { outcome, diff, ...(mode.kind === 'as-of' ? { reproduces: await compareWithCommitted(db, run) } : {}) };
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (result === undefined) throw new Error('dry run produced no outcome');
  return result;
}

/** A close that issued nothing new: its revision against itself. */
function noChange(run: CloseRunRow, entries: Awaited<ReturnType<typeof statementEntries>>): RevisionDiff {
  const same = entries.map((e) => ({ kind: e.kind, subjectId: e.subjectId, currency: e.currency, file: `${e.base}.json`, document: e.document }));
  return diffRevisions({ period: run.period, fromRevision: run.revision, toRevision: run.revision, before: same, after: same });
}

/** The committed run of the same period and revision, and which files differ from the recomputation. */
async function compareWithCommitted(db: Database, run: CloseRunRow): Promise<DryRunOutcome['reproduces']> {
  const committed = await db.knex('close_runs').where({ period: run.period, revision: run.revision, sealed: 1 }).whereNot({ id: run.id }).first('id');
  if (!committed) return { revision: run.revision, committed: false, identical: false, differing: [] };
  const issued = new Map((await listStatementFiles(db, Number(committed.id))).map((f) => [f.path, f.sha256]));
  const now = new Map((await listStatementFiles(db, run.id)).map((f) => [f.path, f.sha256]));
  const differing = [...new Set([...issued.keys(), ...now.keys()])].filter((p) => issued.get(p) !== now.get(p)).sort();
  return { revision: run.revision, committed: true, identical: differing.length === 0, differing };
}
