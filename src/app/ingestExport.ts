import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Database } from '../adapters/store/openDatabase';
import { exportFileSpec } from '../domain/ingest/fileSpecs';
import type { ImportFormat } from '../domain/imports/importFormat';
import { IngestError, ingestFiles, type DeliveryReport, type IngestOptions, type PresentFile } from './ingestDelivery';

/** Names a cloud's export files carry: CSV text, or gzipped CSV as AWS delivers it (other archives are refused with a clear message). */
const EXPORT_FILE = /\.csv(\.gz)?$/i;
const COMPRESSED = /\.(zip|bz2|zst|xz|7z)$/i;

/**
 * Ingests a cloud's billing export as it was downloaded (docs/import-formats.md): one CSV file,
 * or every `*.csv` and `*.csv.gz` of a folder in name order (gunzipped as it streams), each
 * mapped by the format's rules, stored like contract records (same record tables, duplicates, conflicts, rejects) with its import tally.
 * Files are known by their own names: ingesting the same file again changes nothing.
 */
export async function ingestExport(db: Database, target: string, format: ImportFormat, options: IngestOptions): Promise<DeliveryReport> {
  const path = resolve(target);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new IngestError('ingest.not_a_directory', `${path} does not exist`);
  const files = info.isDirectory() ? await exportFilesIn(path) : [path];
  const present: PresentFile[] = [];
  for (const file of files) {
    if (COMPRESSED.test(file)) {
      throw new IngestError('ingest.unknown_file', `${basename(file)} is an archive Reckon does not open: extract the .csv first (a .csv.gz is read as it is)`);
    }
    present.push({ spec: exportFileSpec(basename(file), format), path: file, bytes: (await stat(file)).size });
  }
  return ingestFiles(db, info.isDirectory() ? path : resolve(path, '..'), present, options);
}

/** The export files of a folder, in name order; a folder without any is an error. */
export async function exportFilesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  const csv = names.filter((n) => EXPORT_FILE.test(n));
  if (csv.length === 0) {
    const compressed = names.filter((n) => COMPRESSED.test(n));
    const hint = compressed.length > 0 ? ` (${compressed.length} archive(s) such as ${compressed[0]}: extract the .csv files first)` : '';
    throw new IngestError('ingest.empty_delivery', `${dir} holds no .csv or .csv.gz export file${hint}`);
  }
  return csv.map((n) => join(dir, n));
}
