import type { StatementKind } from '../../revisions/diffStatements';
import { lineagePathOf, valueAt, withLineageRefs } from '../lineage';
import { bilingual } from './htmlPage';

/** service_type_code → its names (service-types.csv). */
export type ServiceNames = ReadonlyMap<string, { name: string; nameZh: string }>;

/** A service type as a person reads it: its names when service-types.csv gives them, else its code. */
export function serviceLabel(code: string, names: ServiceNames | undefined): string {
  const n = names?.get(code);
  if (n === undefined) return code;
  return n.nameZh ? bilingual(n.name, n.nameZh) : n.name;
}

/** What a statement page needs besides its document: the files beside it and the billing zone. */
export interface HtmlPageOptions {
  /** IANA zone the period's months are cut in (shown on the page). */
  zone: string;
  serviceNames?: ServiceNames | undefined;
  /** File names beside the page (no folders): the statement's JSON, CSV and lineage CSV. */
  jsonFile: string;
  csvFile: string;
  lineageFile: string;
}

/** The files beside a statement page whose own file name (without extension) is `name`. */
export function filesBeside(name: string, zone: string, serviceNames?: ServiceNames): HtmlPageOptions {
  return { zone, serviceNames, jsonFile: `${name}.json`, csvFile: `${name}.csv`, lineageFile: lineagePathOf(`${name}.json`) };
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
