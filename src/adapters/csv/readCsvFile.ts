import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Parser } from 'csv-parse';
import { CsvFileError } from './CsvFileError';

/** A batch of parsed rows; the arrays are reused after `onBatch` resolves, so do not keep them. */
export interface CsvBatch {
  rows: string[][];
  /** Line on which each row ends (the header is line 1), as csv-parse's info.lines. */
  lines: number[];
  /** Bytes of the file the parser has consumed so far. */
  bytesDone: number;
}

export interface CsvHandlers {
  /** Receives the header row; throw a CsvFileError to fail the file. */
  onHeader(fields: string[]): void;
  onBatch(batch: CsvBatch): Promise<void>;
}

/**
 * Streams a CSV file (UTF-8, optional BOM, RFC 4180, LF or CRLF) through csv-parse in batches of
 * at most `batchRows` rows: one batch in memory, one `await` per batch, never per row. Rows come
 * as arrays of raw strings (cast off); ragged rows are passed on (relax_column_count) for the
 * caller to reject; blank lines are skipped. Parse errors become CsvFileError 'file.csv' with the
 * line; read errors 'file.read'; a file without a header line 'file.empty'.
 */
export async function readCsvFile(path: string, fileName: string, batchRows: number, handlers: CsvHandlers): Promise<void> {
  const parser = parse({ bom: true, cast: false, relax_column_count: true, skip_empty_lines: true });
  const lines = captureRecordLines(parser);
  let header = true;
  const batch: CsvBatch = { rows: [], lines: [], bytesDone: 0 };
  try {
    await pipeline(createReadStream(path), parser, async (source: AsyncIterable<string[]>) => {
      let next = 0;
      for await (const row of source) {
        const line = lines[next++]!;
        if (next === lines.length) {
          lines.length = 0;
          next = 0;
        } else if (next >= 65536) {
          lines.splice(0, next);
          next = 0;
        }
        if (header) {
          header = false;
          handlers.onHeader(row);
          continue;
        }
        batch.rows.push(row);
        batch.lines.push(line);
        if (batch.rows.length >= batchRows) await flush(batch, parser, handlers);
      }
    });
  } catch (error) {
    throw toFileError(error, fileName);
  }
  if (header) throw new CsvFileError('file.empty', `${fileName}: the file is empty; a header line is required`, 1);
  if (batch.rows.length > 0) await flush(batch, parser, handlers);
}

async function flush(batch: CsvBatch, parser: Parser, handlers: CsvHandlers): Promise<void> {
  batch.bytesDone = parser.info.bytes;
  await handlers.onBatch(batch);
  batch.rows.length = 0;
  batch.lines.length = 0;
}

/**
 * Line numbers without csv-parse's `info: true`, which copies an info object for every record
 * (about a third of the parse time on wide files): the parser pushes each record synchronously
 * while its public `info.lines` is the record's end line, so the push is observed and the line
 * queued. Records are consumed in push order, so the queue lines up with the rows. A test pins
 * the line numbers (quoted newlines, CRLF, blank lines) against this.
 */
function captureRecordLines(parser: Parser): number[] {
  const lines: number[] = [];
  const push = parser.push.bind(parser);
  parser.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null) lines.push(parser.info.lines);
    return push(chunk, encoding);
  };
  return lines;
}

function toFileError(error: unknown, fileName: string): CsvFileError {
  if (error instanceof CsvFileError) return error;
  if (error instanceof CsvError) {
    const line = typeof error.lines === 'number' ? error.lines : undefined;
    const where = line === undefined ? fileName : `${fileName} line ${line}`;
    return new CsvFileError('file.csv', `${where}: the CSV cannot be read (${error.code}: ${error.message})`, line);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CsvFileError('file.read', `${fileName}: the file cannot be read (${message})`);
}
