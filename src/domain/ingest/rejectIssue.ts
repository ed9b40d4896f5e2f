/** Stable codes of row rejects (DOMAIN §8). */
export type RejectCode =
  | 'row.required' | 'row.amount' | 'row.enum' | 'row.time' | 'row.period' | 'row.length' | 'row.columns'
  | 'row.currency' | 'row.rule';

/** One problem of one row; a row with several problems yields several issues. */
export interface RejectIssue {
  line: number;
  /** Column name; '' when the problem is the row as a whole. */
  column: string;
  rawValue: string;
  code: RejectCode;
  /** Says file, line, column, value and what is wrong, e.g. `consumption.csv line 17, column payable_amount: "12,50" is not …`. */
  message: string;
}

/** Stable codes of a file that cannot be read at all. */
export type FileFailureCode = 'file.header' | 'file.encoding' | 'file.csv' | 'file.read' | 'file.empty';

export function issueMessage(fileName: string, line: number, column: string, rawValue: string, problem: string): string {
  const where = column === '' ? `${fileName} line ${line}` : `${fileName} line ${line}, column ${column}`;
  return rawValue === '' ? `${where}: ${problem}` : `${where}: ${JSON.stringify(rawValue)} ${problem}`;
}
