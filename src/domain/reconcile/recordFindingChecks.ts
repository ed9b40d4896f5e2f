import { checkRow, type CheckResult, type CheckStatus } from './checkResult';

/** A problem found on one record. */
export interface RecordFinding {
  recordId: string;
  expected: string;
  actual: string;
  difference?: string;
}

/** One input file's findings for one check, with how many records were looked at. */
export interface FileFindings<F extends RecordFinding = RecordFinding> {
  file: string;
  recordsChecked: number;
  findings: readonly F[];
}

/**
 * The common shape of per-record checks: one row per finding (status `status`, subject the
 * file), or one 'ok' row per file that had none, e.g. subject "consumption.csv: 1234 records".
 */
export function recordFindingChecks(check: string, status: CheckStatus, files: readonly FileFindings[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const file of files) {
    if (file.findings.length === 0) {
      rows.push(checkRow(check, 'ok', `${file.file}: ${file.recordsChecked} records`));
      continue;
    }
    for (const f of file.findings) {
      rows.push(checkRow(check, status, file.file, { expected: f.expected, actual: f.actual, difference: f.difference, records: [f.recordId] }));
    }
  }
  return rows;
}
