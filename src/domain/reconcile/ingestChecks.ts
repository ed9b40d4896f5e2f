import { checkRow, type CheckResult } from './checkResult';

/** The same record_id delivered again with different content (kept, never overwritten). */
export interface IngestConflict {
  file: string;
  recordId: string;
  /** Fields whose content differs from the stored record, if known. */
  differingFields?: readonly string[];
}

/** `ingest.conflict`: a fail per conflicting delivery; one ok row when none. */
export function ingestConflictChecks(conflicts: readonly IngestConflict[]): CheckResult[] {
  if (conflicts.length === 0) return [checkRow('ingest.conflict', 'ok', 'no conflicting re-deliveries')];
  return conflicts.map((c) =>
    checkRow('ingest.conflict', 'fail', c.file, {
      expected: 'same content as first delivered',
      actual: c.differingFields && c.differingFields.length > 0 ? `differs in ${[...c.differingFields].sort().join(', ')}` : 'different content',
      records: [c.recordId],
    }),
  );
}

/** Row accounting of one ingested file. */
export interface FileCount {
  file: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  conflicts: number;
  /** Rows of a cloud export with an empty or NULL amount (not records); 0 or absent for contract files. */
  skipped?: number;
}

/**
 * `ingest.count` (DOMAIN §7): for every file, rows read = accepted + rejected + duplicates +
 * conflicts (+ skipped, for a cloud export), so that no row disappears unaccounted. `expected` =
 * rows read, `actual` = the sum.
 */
export function ingestCountChecks(files: readonly FileCount[]): CheckResult[] {
  if (files.length === 0) return [checkRow('ingest.count', 'ok', 'no files ingested')];
  return files.map((f) => {
    const skipped = f.skipped ?? 0;
    const accounted = f.accepted + f.rejected + f.duplicates + f.conflicts + skipped;
    const detail = `accepted ${f.accepted} + rejected ${f.rejected} + duplicates ${f.duplicates} + conflicts ${f.conflicts}${skipped > 0 ? ` + skipped ${skipped}` : ''}`;
    return checkRow('ingest.count', accounted === f.rowsRead ? 'ok' : 'fail', `${f.file}: ${detail}`, {
      expected: String(f.rowsRead),
      actual: String(accounted),
      difference: String(accounted - f.rowsRead),
    });
  });
}
