import type { Database } from '../../adapters/store/openDatabase';
import { previousRevisionRun, type CloseRunRow } from '../../adapters/store/closeStore';
import { diffRevisions, type RevisionDiff, type RevisionStatement } from '../../domain/revisions/diffStatements';
import { buildLineageFiles, lineageIndex } from './buildLineage';
import { statementEntries, type StatementEntry } from './statementEntries';

/**
 * The diff of a run's statements against the revision before it (DOMAIN §3): the latest sealed
 * revision of the same period below this one, as of the run's instant (so that a reproduction
 * of revision n+1 diffs against the same revision n). Without one it is a first close. The
 * records behind each change come from the lineage of the changed statements only, in both
 * revisions, regenerated from each run's fixed view (never held for the whole period).
 */
export async function revisionDiffOf(db: Database, run: CloseRunRow, entries: readonly StatementEntry[]): Promise<RevisionDiff> {
  const base = await previousRevisionRun(db, run.period, run.revision, run.asOf);
  const input = { period: run.period, fromRevision: base?.revision ?? null, toRevision: run.revision };
  if (base === undefined) return diffRevisions({ ...input, before: [], after: entries.map((e) => revisionStatement(e)) });
  const baseEntries = await statementEntries(db, base.id);
  const plain = diffRevisions({ ...input, before: baseEntries.map((e) => revisionStatement(e)), after: entries.map((e) => revisionStatement(e)) });
  const changed = new Set(plain.statements.map((s) => keyOf(s.kind, s.subject_id, s.currency)));
  if (changed.size === 0) return plain;
  const pick = (list: readonly StatementEntry[]) => list.filter((e) => changed.has(keyOf(e.kind, e.subjectId, e.currency)));
  const [before, after] = [await lineageOf(db, base, pick(baseEntries)), await lineageOf(db, run, pick(entries))];
  return diffRevisions({
    ...input,
    before: baseEntries.map((e) => revisionStatement(e, before.get(e.base))),
    after: entries.map((e) => revisionStatement(e, after.get(e.base))),
  });
}

const keyOf = (kind: string, subjectId: string, currency: string) => `${kind}\u0000${subjectId}\u0000${currency}`;

function revisionStatement(e: StatementEntry, lineage?: ReadonlyMap<string, readonly string[]>): RevisionStatement {
  return { kind: e.kind, subjectId: e.subjectId, currency: e.currency, file: `${e.base}.json`, document: e.document, ...(lineage ? { lineage } : {}) };
}

/** Lineage index (line → record ids) of some statements of a run, by statement base path. */
async function lineageOf(db: Database, run: CloseRunRow, entries: readonly StatementEntry[]): Promise<Map<string, Map<string, string[]>>> {
  const out = new Map<string, Map<string, string[]>>();
  if (entries.length === 0) return out;
  const files = await buildLineageFiles(db, run, entries.map((e) => ({ ...e, jsonPath: `${e.base}.json` })));
  entries.forEach((e, i) => out.set(e.base, lineageIndex(files[i]!.content)));
  return out;
}
