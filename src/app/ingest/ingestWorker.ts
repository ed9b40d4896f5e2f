import { parentPort, workerData } from 'node:worker_threads';
import { readCsvFile } from '../../adapters/csv/readCsvFile';
import { RowBatchValidator } from './rowBatchValidator';
import { PARSE_AHEAD_BATCHES, toThreadError, type FromWorker, type ToWorker, type WorkerJob } from './workerProtocol';

/**
 * The parse thread of a large file's ingest: reads and validates the file (readCsvFile +
 * RowBatchValidator) and posts each validated batch to the ingest's thread, which stores it.
 * It runs at most PARSE_AHEAD_BATCHES batches ahead of the stores (one credit back per batch
 * stored), so memory stays bounded however fast it parses.
 */
const port = parentPort!;
const job = workerData as WorkerJob;
let credits = PARSE_AHEAD_BATCHES;
let wake: (() => void) | undefined;

port.on('message', (message: ToWorker) => {
  if (message.type !== 'stored') return;
  credits++;
  wake?.();
  wake = undefined;
});

const post = (message: FromWorker) => port.postMessage(message);
const validator = new RowBatchValidator(job.validation);

readCsvFile(job.path, job.validation.spec.fileName, job.batchRows, {
  onHeader: (fields) => validator.onHeader(fields),
  onBatch: async (batch) => {
    post({ type: 'batch', batch: validator.validate(batch) });
    credits--;
    while (credits <= 0) await new Promise<void>((resolve) => { wake = resolve; });
  },
}).then(
  () => post({ type: 'done' }),
  (error: unknown) => post({ type: 'error', error: toThreadError(error) }),
);
