import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CsvFileError, fileReadError } from '../adapters/csv/CsvFileError';
import { fingerprintFile } from '../adapters/csv/fingerprintFile';
import {
  beginDeliveryFile, completeDeliveryFile, createDelivery, findIngestedFile, recordFailedFile,
} from '../adapters/store/deliveryStore';
import type { Database } from '../adapters/store/openDatabase';
import { notePeriodsOpen, periodsOfDelivery } from '../adapters/store/periodLifecycle';
import { FILE_SPECS, type FileSpec } from '../domain/ingest/fileSpecs';
import { ingestFileRows } from './ingestFile';
import type { ImportTallyData } from '../domain/imports/importTally';

export interface IngestOptions {
  periodHint?: string;
  zone: string;
  onProgress?: (p: { fileName: string; rowsDone: number; bytesDone: number; bytesTotal: number }) => void;
  /** Time written on the delivery row; defaults to the current time. */
  now?: () => Date;
  /**
   * Only these files of the delivery (names as in the delivery, e.g. "reference/partners.csv");
   * default all. Lets a queue ingest each file as its own job.
   */
  files?: readonly string[];
  /** Where rows are parsed and validated (FileJob.parse); default 'auto'. */
  parse?: 'auto' | 'thread' | 'here';
}

export interface FileReport {
  fileName: string;
  sha256: string;
  status: 'ingested' | 'already-ingested' | 'failed';
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  conflicts: number;
  /** Rows of a cloud export with an empty or NULL amount (not records). */
  skipped: number;
  /** A cloud export's counts and exact sums (`import.total`). */
  importTally?: ImportTallyData;
  error?: { code: string; message: string };
}

export interface DeliveryReport {
  deliveryId: number;
  sourceDir: string;
  files: FileReport[];
}

export type IngestErrorCode = 'ingest.empty_delivery' | 'ingest.not_a_directory' | 'ingest.unknown_file';

/** A delivery that cannot be ingested at all (as opposed to a file of it, which is reported). */
export class IngestError extends Error {
  override readonly name = 'IngestError';

  constructor(readonly code: IngestErrorCode, message: string) {
    super(message);
  }
}

/**
 * Ingests one delivery folder (DOMAIN §4): reference files first, then consumption, refunds and
 * adjustments. Each file is remembered by name and SHA-256; bytes already ingested are skipped,
 * so ingesting the same delivery again changes nothing (and returns the delivery that brought
 * them). Each file is one transaction; a file that cannot be read is rolled back and reported as
 * failed while the other files go on.
 */
export async function ingestDelivery(db: Database, dir: string, options: IngestOptions): Promise<DeliveryReport> {
  const sourceDir = resolve(dir);
  return ingestFiles(db, sourceDir, await presentFiles(sourceDir, options.files), options);
}

/** A file to ingest: what it is, where it is, how large. */
export interface PresentFile {
  spec: FileSpec;
  path: string;
  bytes: number;
}

/**
 * Ingests files as one delivery from `sourceDir`, in the order given (ingestDelivery; cloud
 * exports, ingestExport). A file whose name and SHA-256 were ingested before is skipped; each
 * other file is one transaction.
 */
export async function ingestFiles(db: Database, sourceDir: string, present: readonly PresentFile[], options: IngestOptions): Promise<DeliveryReport> {
  const files: FileReport[] = [];
  let deliveryId: number | undefined;
  let earlierDeliveryId: number | undefined;
  for (const { spec, path, bytes } of present) {
    const fingerprint = await fingerprintFile(path);
    const empty = { rowsRead: 0, accepted: 0, rejected: 0, duplicates: 0, conflicts: 0, skipped: 0 };
    const base = { fileName: spec.fileName, sha256: fingerprint.sha256 };
    // The hash of a file read only in part names no bytes that were ingested.
    const earlier = fingerprint.readError === undefined ? await findIngestedFile(db, spec.fileName, fingerprint.sha256) : undefined;
    if (earlier !== undefined) {
      earlierDeliveryId ??= earlier.deliveryId;
      files.push({ ...base, status: 'already-ingested', ...empty });
      continue;
    }
    deliveryId ??= await createDelivery(db, sourceDir, options.periodHint, (options.now?.() ?? new Date()).toISOString());
    const id = deliveryId;
    try {
      if (fingerprint.readError !== undefined) throw fileReadError(spec.fileName, fingerprint.readError);
      if (fingerprint.invalidUtf8 !== undefined) throw encodingError(spec, fingerprint.invalidUtf8, 'is not valid UTF-8');
      if (fingerprint.nulByte !== undefined) throw encodingError(spec, fingerprint.nulByte, 'holds a NUL byte (a UTF-16 or damaged file?)');
      const result = await db.knex.transaction(async (trx) => {
        const fileId = await beginDeliveryFile(trx, id, spec.fileName, fingerprint.sha256);
        const ingested = await ingestFileRows(db, trx, {
          spec, path, fileId, bytesTotal: bytes, zone: options.zone, periodHint: options.periodHint, onProgress: options.onProgress, parse: options.parse,
        });
        await completeDeliveryFile(trx, fileId, ingested.counts, ingested.importTally);
        return ingested;
      });
      files.push({ ...base, status: 'ingested', ...result.counts, importTally: result.importTally });
    } catch (error) {
      if (!(error instanceof CsvFileError)) {
        // Another worker ingested the same bytes meanwhile (the unique index refused a second copy).
        if (await findIngestedFile(db, spec.fileName, fingerprint.sha256).catch(() => undefined)) {
          files.push({ ...base, status: 'already-ingested', ...empty });
          continue;
        }
        throw error;
      }
      const failure = { code: error.code, message: error.message };
      await recordFailedFile(db, id, spec.fileName, fingerprint.sha256, failure);
      files.push({ ...base, status: 'failed', ...empty, error: failure });
    }
  }
  // The periods the delivery brought records for are `open` (DOMAIN §3) until a close begins.
  if (deliveryId !== undefined) await notePeriodsOpen(db, await periodsOfDelivery(db, deliveryId));
  return { deliveryId: deliveryId ?? earlierDeliveryId ?? 0, sourceDir, files };
}

/** Names of the known files present in a delivery folder, in ingest order. */
export async function deliveryFileNames(dir: string): Promise<string[]> {
  return (await presentFiles(resolve(dir))).map((f) => f.spec.fileName);
}

async function presentFiles(dir: string, only?: readonly string[]): Promise<PresentFile[]> {
  const wanted = only === undefined ? undefined : new Set(only);
  if (wanted !== undefined) {
    const unknown = [...wanted].filter((name) => !FILE_SPECS.some((s) => s.fileName === name));
    if (unknown.length > 0) throw new IngestError('ingest.unknown_file', `${unknown.join(', ')}: not a file of a delivery`);
  }
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new IngestError('ingest.not_a_directory', `delivery folder ${dir} does not exist or is not a folder`);
  }
  const present: PresentFile[] = [];
  for (const spec of FILE_SPECS) {
    if (wanted !== undefined && !wanted.has(spec.fileName)) continue;
    const path = join(dir, ...spec.fileName.split('/'));
    const file = await stat(path).catch(() => undefined);
    if (file?.isFile()) present.push({ spec, path, bytes: file.size });
  }
  if (present.length === 0) {
    throw new IngestError('ingest.empty_delivery',
      `delivery folder ${dir} holds none of the known files (${FILE_SPECS.map((s) => s.fileName).join(', ')})`);
  }
  return present;
}

function encodingError(spec: FileSpec, at: { line: number; byteOffset: number }, problem: string): CsvFileError {
  return new CsvFileError('file.encoding',
    `${spec.fileName} line ${at.line}: the file ${problem} (first bad byte at offset ${at.byteOffset}); save it as UTF-8 text`, at.line);
}
