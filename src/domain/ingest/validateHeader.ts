import type { FileSpec } from './fileSpecs';

/** Where each column of a file sits; extra (unknown) columns are kept by name. */
export interface HeaderLayout {
  /** Column name → index in a row. */
  index: ReadonlyMap<string, number>;
  /** Columns the contract does not define, kept in the record's `extra` bag. */
  extras: readonly { name: string; index: number }[];
  width: number;
}

export type HeaderResult = { ok: true; layout: HeaderLayout } | { ok: false; problem: string };

/**
 * Checks a header row against the file's contract: every required column present (any order),
 * no column twice. Names are compared exactly after trimming surrounding spaces.
 */
export function validateHeader(spec: FileSpec, header: readonly string[]): HeaderResult {
  const index = new Map<string, number>();
  const extras: { name: string; index: number }[] = [];
  const known = new Set([...spec.required, ...spec.optional]);
  const duplicates: string[] = [];
  header.forEach((rawName, i) => {
    const name = rawName.trim();
    if (name === '') return;
    if (index.has(name)) {
      duplicates.push(name);
      return;
    }
    index.set(name, i);
    if (!known.has(name)) extras.push({ name, index: i });
  });
  const missing = spec.required.filter((c) => !index.has(c));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (duplicates.length > 0) problems.push(`column${duplicates.length > 1 ? 's' : ''} ${duplicates.join(', ')} appear${duplicates.length > 1 ? '' : 's'} more than once`);
  if (problems.length > 0) {
    return { ok: false, problem: `${spec.fileName} line 1 (header): ${problems.join('; ')} (required: ${spec.required.join(', ')})` };
  }
  return { ok: true, layout: { index, extras, width: header.length } };
}
