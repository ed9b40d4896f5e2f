import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { getPeriod } from '../adapters/store/closeStore';
import type { Database } from '../adapters/store/openDatabase';
import { RECORD_TABLE } from '../adapters/store/periodView';
import { loadReferenceData } from '../adapters/store/referenceStore';
import { FOCUS_EXPORT_HEADER, focusRow, type FocusRowContext } from '../domain/exports/focusRow';
import { renderCsvRows, type CsvCell } from '../domain/statements/csvFormat';
import { queryRecords } from './queryRecords';

/**
 * `reckon export focus`: a period's fee records as a FOCUS 1.0 cost-and-usage CSV
 * (docs/focus-export.md). The rows are rendered by the project's CSV helper (renderCsvRows: RFC 4180
 * quoting, CRLF, formula-injection escaping of text cells), without a BOM, and written in chunks
 * as queryRecords yields them, so a large period is never held as one string.
 */

export interface FocusExportOptions {
  /** Billing period, YYYY-MM (already checked by the caller). */
  period: string;
  /** ProviderName, PublisherName and InvoiceIssuerName of every row. */
  provider: string;
}

/** Rows rendered and written at a time: queryRecords reads 5000 records per query. */
export const FOCUS_CHUNK_ROWS = 5000;

/**
 * True when the store knows the period: it has a periods row (a delivery brought records for it)
 * or fee records of that bill cycle. An export of any other period is refused by the command.
 */
export async function isKnownPeriod(db: Database, period: string): Promise<boolean> {
  if ((await getPeriod(db, period)) !== undefined) return true;
  for (const table of [RECORD_TABLE.consumption, RECORD_TABLE.refund]) {
    if ((await db.knex(table).first('id').where('bill_cycle', period)) !== undefined) return true;
  }
  return false;
}

/**
 * Writes the period's FOCUS CSV to `out` (header, then one row per fee record in queryRecords'
 * order: consumption then refunds, each by id), a chunk of FOCUS_CHUNK_ROWS rows at a time.
 * Returns the number of rows. Does not end `out`. An error `out` reports stops the export and is thrown.
 */
export async function writeFocusCsv(db: Database, options: FocusExportOptions, out: Writable): Promise<number> {
  const reference = await loadReferenceData(db);
  const names = new Map(reference.partners.map((p) => [p.partnerId, p.name]));
  const context: FocusRowContext = { period: options.period, provider: options.provider, partnerName: (id) => names.get(id) ?? '' };
  let failure: Error | undefined;
  const onError = (error: Error) => { failure ??= error; };
  out.on('error', onError);
  const write = (text: string) => {
    if (failure !== undefined) throw failure;
    out.write(text);
  };
  try {
    write(renderCsvRows([FOCUS_EXPORT_HEADER]));
    let pending: CsvCell[][] = [];
    const flush = () => {
      if (pending.length === 0) return;
      write(renderCsvRows(pending));
      pending = [];
    };
    const count = await queryRecords(db, { period: options.period, kind: 'all' }, (view) => {
      pending.push(focusRow(view, context));
      if (pending.length >= FOCUS_CHUNK_ROWS) flush();
    });
    flush();
    if (failure !== undefined) throw failure;
    return count;
  } finally {
    out.off('error', onError);
  }
}

/**
 * Writes the period's FOCUS CSV to the file `path` through `<path>.tmp-<pid>` beside it (flushed
 * to disk, then renamed over `path`), so the file is either the whole export or not there: an
 * export that fails leaves no partial file behind. The folder is created when missing.
 */
export async function exportFocusToFile(db: Database, options: FocusExportOptions, path: string): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  // flush: the file is fsynced before it is closed, so the rename publishes data that is on disk.
  const stream = createWriteStream(temp, { flush: true });
  try {
    await once(stream, 'ready'); // a file that cannot be created fails here, before any query
    const count = await writeFocusCsv(db, options, stream);
    const closed = once(stream, 'close');
    stream.end();
    await closed;
    await rename(temp, path);
    return count;
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
