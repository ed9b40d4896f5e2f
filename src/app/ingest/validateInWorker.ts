import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ValidatedBatch } from './rowBatchValidator';
import { fromThreadError, type FromWorker, type ToWorker, type WorkerJob } from './workerProtocol';

/**
 * The compiled parse thread's script: beside this module in dist/, or, when this module runs from
 * the TypeScript sources (the test suite, which builds first), the same module compiled in dist/.
 * Undefined when neither exists: the caller then validates on its own thread.
 */
export function parseThreadScript(): string | undefined {
  const here = join(__dirname, 'ingestWorker.js');
  if (existsSync(here)) return here;
  const built = resolve(__dirname, '../../../dist/src/app/ingest/ingestWorker.js');
  return existsSync(built) ? built : undefined;
}

/**
 * Parses and validates a file on a parse thread and hands each validated batch, in file order,
 * to `store` on this thread; the next batches are parsed meanwhile (at most PARSE_AHEAD_BATCHES
 * ahead). Resolves once every batch is stored; rejects with the parse thread's error (a
 * CsvFileError keeps its code and line) or the first error of `store`, after the store in
 * progress has finished, and the thread is stopped either way.
 */
export function validateInWorker(script: string, job: WorkerJob, store: (batch: ValidatedBatch) => Promise<void>): Promise<void> {
  return new Promise<void>((resolvePromise, rejectPromise) => {
    const worker = new Worker(script, { workerData: job });
    let stored: Promise<void> = Promise.resolve();
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      // The store in progress ends before the caller's transaction does.
      void stored.catch(() => undefined).then(async () => {
        await worker.terminate();
        if (error === undefined) resolvePromise();
        else rejectPromise(error);
      });
    };
    worker.on('message', (message: FromWorker) => {
      if (settled) return;
      if (message.type === 'batch') {
        stored = stored.then(async () => {
          await store(message.batch);
          worker.postMessage({ type: 'stored' } satisfies ToWorker);
        });
        stored.catch((error: unknown) => finish(error));
      } else if (message.type === 'done') {
        stored.then(() => finish(), (error: unknown) => finish(error));
      } else {
        finish(fromThreadError(message.error));
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`ingest parse thread stopped (exit code ${code}) before the file was read`)));
  });
}
