import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Parser } from 'csv-parse';
import { CsvFileError, fileReadError, isSystemError } from './CsvFileError';
import { isGzipPath, isZlibError, openFileText } from './openFileText';

/** A batch of parsed rows; the arrays are reused after `onBatch` resolves, so do not keep them. */
export interface CsvBatch {
  rows: string[][];
  /** Line on which each row ends (the header is line 1); a quoted line break counts as a line. */
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
 * caller to reject; blank lines are skipped (but counted). Parse errors become CsvFileError 'file.csv' with the
 * line; read errors 'file.read'; a file without a header line 'file.empty'.
 */
export async function readCsvFile(path: string, fileName: string, batchRows: number, handlers: CsvHandlers): Promise<void> {
  const parser = parse({ bom: true, cast: false, relax_column_count: true });
  const parserLines = captureRecordLines(parser);
  let header = true;
  const batch: CsvBatch = { rows: [], lines: [], bytesDone: 0 };
  const text = openFileText(path);
  // Progress counts bytes of the file on disk: of a .gz file, the compressed bytes read so far.
  const bytesDone = isGzipPath(path) ? () => text.bytesRead() : () => parser.info.bytes;
  let sinkError: unknown;
  try {
    await pipeline(text.stream, parser, async (source: AsyncIterable<string[]>) => {
      const lines = new LineCounter(parserLines);
      try {
        await consume(source, lines);
      } catch (error) {
        sinkError = error;
        throw error;
      }
    });
  } catch (error) {
    // The sink's own error wins over the AbortError the pipeline then raises upstream.
    throw toFileError(sinkError ?? error, fileName);
  }
  if (header) throw new CsvFileError('file.empty', `${fileName}: the file is empty; a header line is required`, 1);
  if (batch.rows.length > 0) await flush(batch, bytesDone, handlers);

  async function consume(source: AsyncIterable<string[]>, lines: LineCounter): Promise<void> {
    for await (const row of source) {
      const line = lines.next(row);
      if (row.length === 1 && row[0] === '') continue; // a blank line
      if (header) {
        header = false;
        handlers.onHeader(row);
        continue;
      }
      batch.rows.push(row);
      batch.lines.push(line);
      if (batch.rows.length >= batchRows) await flush(batch, bytesDone, handlers);
    }
  }
}

/**
 * The line on which each record ends (header = line 1), counted from the records themselves:
 * a record takes one line plus one per line break inside its quoted fields (CRLF, LF or CR each
 * count once). csv-parse's own count is used only as a hint that a record spans several lines
 * (it counts a CRLF inside quotes twice in a CRLF file, so it cannot be used as it is).
 */
class LineCounter {
  private line = 0;
  private parserLine = 0;
  private index = 0;

  constructor(private readonly parserLines: number[]) {}

  next(row: readonly string[]): number {
    const parserLine = this.parserLines[this.index++]!;
    if (this.index === this.parserLines.length) {
      this.parserLines.length = 0;
      this.index = 0;
    } else if (this.index >= 65536) {
      this.parserLines.splice(0, this.index);
      this.index = 0;
    }
    const spansLines = parserLine - this.parserLine > 1;
    this.parserLine = parserLine;
    this.line += 1 + (spansLines ? countLineBreaks(row) : 0);
    return this.line;
  }
}

function countLineBreaks(row: readonly string[]): number {
  let breaks = 0;
  for (const field of row) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 10) breaks++;
      else if (c === 13) {
        breaks++;
        if (field.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return breaks;
}

async function flush(batch: CsvBatch, bytesDone: () => number, handlers: CsvHandlers): Promise<void> {
  batch.bytesDone = bytesDone();
  await handlers.onBatch(batch);
  batch.rows.length = 0;
  batch.lines.length = 0;
}

/**
 * csv-parse's line count at each record, without `info: true` (which copies an info object per
 * record, about a third of the parse time on wide files): the parser pushes each record
 * synchronously while its public `info.lines` is the record's end line, so the push is observed
 * and the count queued. Records are consumed in push order, so the queue lines up with the rows.
 * A test pins the line numbers (quoted newlines, CRLF, blank lines) against this.
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

/** Parse and read errors become file failures; anything else (a database error in a handler) passes unchanged. */
function toFileError(error: unknown, fileName: string): unknown {
  if (error instanceof CsvFileError) return error;
  if (error instanceof CsvError) {
    const line = typeof error.lines === 'number' ? error.lines : undefined;
    const where = line === undefined ? fileName : `${fileName} line ${line}`;
    return new CsvFileError('file.csv', `${where}: the CSV cannot be read (${error.code}: ${error.message})`, line);
  }
  if (isSystemError(error)) return fileReadError(fileName, error);
  if (isZlibError(error)) return new CsvFileError('file.read', `${fileName}: the gzip data cannot be read (${error.message}); is it a complete .gz file?`);
  return error;
}
