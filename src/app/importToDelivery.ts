import { errorFamilyOf } from '../domain/errorFamilies';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, join, resolve } from 'node:path';
import { CsvFileError } from '../adapters/csv/CsvFileError';
import { readCsvFile } from '../adapters/csv/readCsvFile';
import { CONSUMPTION_COLUMNS, REFUND_COLUMNS, deliveryCells, deliveryHeader, deliveryLines } from '../domain/imports/deliveryRows';
import { ExportRowMapper } from '../domain/imports/exportRowMapper';
import { FORMAT_SPECS } from '../domain/imports/formats/formatSpecs';
import type { ImportFormat } from '../domain/imports/importFormat';
import type { ImportTallyData } from '../domain/imports/importTally';
import type { RejectIssue } from '../domain/ingest/rejectIssue';
import type { CsvCell } from '../domain/statements/csvFormat';
import { IngestError } from './ingestDelivery';
import { exportFilesIn } from './ingestExport';

const BATCH_ROWS = 2000;
const REJECT_COLUMNS = ['file', 'line', 'column', 'value', 'code', 'error_code', 'message'] as const;

export interface ImportFileReport {
  fileName: string;
  tally: ImportTallyData;
}

export interface ImportReport {
  outDir: string;
  files: ImportFileReport[];
  consumption: number;
  refunds: number;
  rejects: number;
  /** Files written, in the delivery folder. */
  written: string[];
}

/**
 * `reckon import`: writes the contract delivery a cloud export amounts to (consumption.csv,
 * refunds.csv, and import-rejects.csv when rows were rejected) into `outDir`, streaming, with the
 * same mapping as `reckon ingest --format` (docs/import-formats.md). Files are written under
 * temporary names and renamed at the end; an existing delivery is never overwritten.
 */
export async function importToDelivery(target: string, format: ImportFormat, outDir: string,
  onProgress?: (p: { fileName: string; bytesDone: number; bytesTotal: number }) => void): Promise<ImportReport> {
  const source = resolve(target);
  const info = await stat(source).catch(() => undefined);
  if (info === undefined) throw new IngestError('ingest.not_a_directory', `${source} does not exist`);
  const inputs = info.isDirectory() ? await exportFilesIn(source) : [source];
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  for (const name of ['consumption.csv', 'refunds.csv', 'adjustments.csv']) {
    if (await stat(join(out, name)).catch(() => undefined)) {
      throw new IngestError('ingest.not_a_directory', `${join(out, name)} already exists: import into a new or empty folder`);
    }
  }
  const sinks = {
    consumption: new Sink(join(out, 'consumption.csv'), CONSUMPTION_COLUMNS),
    refund: new Sink(join(out, 'refunds.csv'), REFUND_COLUMNS),
    rejects: new Sink(join(out, 'import-rejects.csv'), REJECT_COLUMNS),
  };
  const files: ImportFileReport[] = [];
  try {
    for (const path of inputs) files.push(await importFile(path, format, sinks, onProgress));
    const written: string[] = [];
    for (const sink of Object.values(sinks)) if (await sink.finish()) written.push(basename(sink.path));
    return { outDir: out, files, consumption: sinks.consumption.rows, refunds: sinks.refund.rows, rejects: sinks.rejects.rows, written };
  } catch (error) {
    await Promise.all(Object.values(sinks).map((s) => s.discard()));
    throw error;
  }
}

async function importFile(path: string, format: ImportFormat, sinks: Record<'consumption' | 'refund' | 'rejects', Sink>,
  onProgress?: (p: { fileName: string; bytesDone: number; bytesTotal: number }) => void): Promise<ImportFileReport> {
  const fileName = basename(path);
  const bytesTotal = (await stat(path)).size;
  let mapper: ExportRowMapper | undefined;
  await readCsvFile(path, fileName, BATCH_ROWS, {
    onHeader: (fields) => {
      const opened = ExportRowMapper.open(FORMAT_SPECS[format], fileName, fields);
      if (!opened.ok) throw new CsvFileError('file.header', opened.problem, 1);
      mapper = opened.mapper;
    },
    onBatch: async (batch) => {
      const m = mapper!;
      const rows: Record<'consumption' | 'refund' | 'rejects', CsvCell[][]> = { consumption: [], refund: [], rejects: [] };
      for (let i = 0; i < batch.rows.length; i++) {
        const mapped = m.map(batch.rows[i]!, batch.lines[i]!);
        if (mapped === 'skipped') continue;
        if (mapped === undefined) rows.rejects.push(...m.reader.issues.map((issue) => rejectCells(fileName, issue)));
        else rows[mapped.kind].push(deliveryCells(mapped, fileName, batch.lines[i]!));
      }
      for (const key of ['consumption', 'refund', 'rejects'] as const) await sinks[key].write(rows[key]);
      onProgress?.({ fileName, bytesDone: batch.bytesDone, bytesTotal });
    },
  });
  onProgress?.({ fileName, bytesDone: bytesTotal, bytesTotal });
  return { fileName, tally: mapper!.tally.data() };
}

function rejectCells(fileName: string, issue: RejectIssue): CsvCell[] {
  return [fileName, issue.line, issue.column, issue.rawValue, issue.code, errorFamilyOf(issue.code), issue.message];
}

/** One file of the delivery: written under a temporary name, renamed when it has rows, removed when it has none. */
class Sink {
  rows = 0;
  private stream: WriteStream | undefined;
  private readonly temp: string;

  constructor(readonly path: string, private readonly columns: readonly string[]) {
    this.temp = `${path}.tmp-${process.pid}`;
  }

  async write(rows: CsvCell[][]): Promise<void> {
    if (rows.length === 0) return;
    if (this.stream === undefined) {
      this.stream = createWriteStream(this.temp);
      this.stream.write(deliveryHeader(this.columns));
    }
    this.rows += rows.length;
    if (!this.stream.write(deliveryLines(rows))) await once(this.stream, 'drain');
  }

  /** Closes and renames the file; false when it got no rows (and so was never created). */
  async finish(): Promise<boolean> {
    if (this.stream === undefined) return false;
    this.stream.end();
    await once(this.stream, 'close');
    await rename(this.temp, this.path);
    return true;
  }

  async discard(): Promise<void> {
    if (this.stream !== undefined && !this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => undefined);
    }
    await rm(this.temp, { force: true });
  }
}
