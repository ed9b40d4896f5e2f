import type { Database } from '../../adapters/store/openDatabase';
import { loadStatementFiles, previousRevisionRun, type CloseRunRow } from '../../adapters/store/closeStore';
import { diffRevisions, type RevisionDiff, type RevisionStatement } from '../../domain/revisions/diffStatements';
import { lineageIndex } from './buildLineage';
import { statementEntries, type StatementEntry } from './statementEntries';

/**
 * The diff of a run's statements against the revision before it (DOMAIN §3): the latest sealed
 * revision of the same period below this one, as of the run's instant (so that a reproduction
 * of revision n+1 diffs against the same revision n). Without one it is a first close. Records
 * behind each change come from the two revisions' lineage files.
 */
export async function revisionDiffOf(
  db: Database, run: CloseRunRow, entries: readonly StatementEntry[], lineage: readonly { path: string; content: string }[],
): Promise<RevisionDiff> {
  const base = await previousRevisionRun(db, run.period, run.revision, run.asOf);
  const after = withLineage(entries, lineage);
  if (base === undefined) return diffRevisions({ period: run.period, fromRevision: null, toRevision: run.revision, before: [], after });
  const before = withLineage(await statementEntries(db, base.id), await loadStatementFiles(db, base.id));
  return diffRevisions({ period: run.period, fromRevision: base.revision, toRevision: run.revision, before, after });
}

function withLineage(entries: readonly StatementEntry[], files: readonly { path: string; content: string }[]): RevisionStatement[] {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  return entries.map((e) => {
    const content = byPath.get(`${e.base}.lineage.csv`);
    return {
      kind: e.kind, subjectId: e.subjectId, currency: e.currency, file: `${e.base}.json`, document: e.document,
      ...(content === undefined ? {} : { lineage: lineageIndex(content) }),
    };
  });
}
