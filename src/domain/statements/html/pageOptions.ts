import type { StatementKind } from '../../revisions/diffStatements';
import { valueAt, withLineageRefs } from '../lineage';

/** What a statement page needs besides its document: the files beside it and the billing zone. */
export interface HtmlPageOptions {
  /** IANA zone the period's months are cut in (shown on the page). */
  zone: string;
  /** File names beside the page (no folders): the statement's JSON, CSV and lineage CSV. */
  jsonFile: string;
  csvFile: string;
  lineageFile: string;
}

/** The files beside a statement page whose own file name (without extension) is `name`. */
export function filesBeside(name: string, zone: string): HtmlPageOptions {
  return { zone, jsonFile: `${name}.json`, csvFile: `${name}.csv`, lineageFile: `${name}.lineage.csv` };
}

/**
 * The lineage reference of each element of a traced section, exactly as the statement JSON
 * carries it (`statement.lineage.csv#customers[C-1]`), by section path ('referral.customers').
 */
export function lineageRefs(document: object, kind: StatementKind, lineageFile: string): (section: string) => (string | undefined)[] {
  const withRefs = withLineageRefs(document, kind, lineageFile);
  return (section) => {
    const items = valueAt(withRefs, section);
    return Array.isArray(items) ? items.map((item) => (item as { lineage?: string } | null)?.lineage) : [];
  };
}
