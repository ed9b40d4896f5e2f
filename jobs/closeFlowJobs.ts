import { ingestDelivery, type DeliveryReport } from '../src/app/ingestDelivery';
import { prepareClose, type PreparedClose } from '../src/app/close/prepareClose';
import { releaseCloseLease, renewCloseLease, tryAcquireCloseLease } from '../src/adapters/store/closeLease';
import { CloseBusyError } from '../src/app/close/waitForCloseLease';
import type { JobDefinition } from './catalog';
import { CloseError } from './errors';
import { failOn, flag, nonEmptyString, parsePayload, payloadObject, period } from './payload';
import type { FailOn } from '../src/domain/reconcile/failOn';
import { DEFAULT_RETRY } from './retryPolicy';

/**
 * The two jobs only a queued close has: one ingest job per delivery file (so that files are read
 * by different workers at once) and the plan step that opens the run once every file is in.
 */

export interface IngestFilePayload {
  period: string;
  inputDir: string;
  /** Name inside the delivery, e.g. "consumption.csv" or "reference/partners.csv". */
  file: string;
}

export const ingestFileJob: JobDefinition<IngestFilePayload, DeliveryReport> = {
  name: 'ingest-file',
  parse(payload) {
    return parsePayload(this.name, payloadObject({ period, inputDir: nonEmptyString, file: nonEmptyString }), payload);
  },
  async process(p, ctx) {
    const report = await ingestDelivery(ctx.db, p.inputDir, {
      periodHint: p.period,
      zone: ctx.config.zone,
      now: () => new Date(ctx.now()),
      files: [p.file],
      onProgress: (e) => ctx.progress({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes', rows: e.rowsDone }),
    });
    const failed = report.files.find((f) => f.status === 'failed');
    if (failed) {
      throw new CloseError('close.input_failed', `cannot close ${p.period}: input file ${failed.fileName} could not be read: ${failed.error?.message ?? 'failed'}`);
    }
    return report;
  },
  retry: DEFAULT_RETRY,
};

export interface PlanClosePayload {
  period: string;
  outDir: string;
  /** See ClosePayload: the guard of an empty month, and which checks keep the run from sealing. */
  allowEmpty: boolean;
  failOn: FailOn;
}

/** Opens the run (prepareClose); the queued runner then adds the compute → reconcile → emit → finalise tree. */
export const planCloseJob: JobDefinition<PlanClosePayload, PreparedClose> = {
  name: 'plan-close',
  parse(payload) {
    return parsePayload(this.name, payloadObject({ period, outDir: nonEmptyString, allowEmpty: flag, failOn }), payload);
  },
  async process(p, ctx) {
    // The same store-wide guard as an inline close: one close at a time, checked before prepare.
    // Busy: the job is put back for later (processJob) rather than waiting here, which would hold
    // a slot of the close queue that the running close's own jobs may need to finish.
    const holder = queueHolder(p.period);
    const attempt = await tryAcquireCloseLease(ctx.db, holder, p.period, Date.now());
    if (!attempt.acquired) throw new CloseBusyError(attempt.heldBy);
    try {
      const prepared = await prepareClose(ctx.db, ctx.config, p.period, ctx.now(), { kind: 'commit' }, { allowEmpty: p.allowEmpty });
      // A run to compute keeps the lease until finalise; otherwise the close is over.
      if (prepared.status === 'ready') await renewCloseLease(ctx.db, holder, Date.now(), prepared.run.runKey);
      else await releaseCloseLease(ctx.db, holder);
      return prepared;
    } catch (err) {
      await releaseCloseLease(ctx.db, holder);
      throw err;
    }
  },
  retry: DEFAULT_RETRY,
};

/** The lease holder of a queued close of `period`: every job of its run renews it, whichever worker runs it. */
export function queueHolder(period: string): string {
  return `queue:${period}`;
}
