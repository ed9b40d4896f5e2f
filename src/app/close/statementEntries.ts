import type { Database } from '../../adapters/store/openDatabase';
import { loadStatements } from '../../adapters/store/closeStore';
import type { StatementKind } from '../../domain/revisions/diffStatements';
import { safePathSegment } from '../../domain/statements/safePathSegment';

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

/** A stored statement with the path of its files (without extension), e.g. `partners/P-001/statement`. */
export interface StatementEntry {
  kind: StatementKind;
  subjectId: string;
  currency: string;
  base: string;
  document: unknown;
}

const DIR_AND_NAME: Readonly<Record<StatementKind, { dir: string; name: string }>> = {
  partner: { dir: 'partners', name: 'statement' },
  settlement: { dir: 'merchants', name: 'settlement' },
  incentive: { dir: 'incentives', name: 'incentive' },
};

/**
 * A run's statements with their file names: `<dir>/<subject>/<name>` for the subject's primary
 * currency (saved first: the partner's currency, a merchant's CNY), `<name>.<CUR>` for the others.
 */
export async function statementEntries(db: Database, runId: number): Promise<StatementEntry[]> {
  const out: StatementEntry[] = [];
  for (const kind of ['partner', 'settlement', 'incentive'] as const) {
    const stored = await loadStatements(db, runId, kind);
    const primary = primaryCurrencies(stored);
    const { dir, name } = DIR_AND_NAME[kind];
    for (const s of stored) {
      out.push({
        kind, subjectId: s.subjectId, currency: s.currency, document: s.document,
        base: `${dir}/${safePathSegment(s.subjectId)}/${baseName(name, s.currency, primary.get(s.subjectId)!)}`,
      });
    }
  }
  return out;
}
