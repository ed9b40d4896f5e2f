import { ingestDelivery, type DeliveryReport } from '../src/app/ingestDelivery';
import { computePartnerBills, type ComputePartnersResult } from '../src/app/close/computePartnerBills';
import { emitStatements, type EmitResult } from '../src/app/close/emitStatements';
import { finaliseClose, type CloseSummary } from '../src/app/close/finaliseClose';
import { prepareClose, type PreparedClose } from '../src/app/close/prepareClose';
import { reconcileClose, type ReconcileResult } from '../src/app/close/reconcileClose';
import { PayloadError, type JobContext } from './jobContext';
import { asObject, idField, optionalStringField, periodField, stringField } from './payload';

/**
 * The job catalog: every job's name, payload schema, processor and retry policy. Both runners
 * (inline today, queued later) execute exactly these processors, so both give the same files.
 */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export interface JobDefinition<P, R> {
  name: string;
  parse(payload: unknown): P;
  process(payload: P, ctx: JobContext): Promise<R>;
  retry: RetryPolicy;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1000 };

export const ingestJob: JobDefinition<{ period: string; inputDir: string }, DeliveryReport> = {
  name: 'ingest-delivery',
  parse(payload) {
    const o = asObject(this.name, payload);
    return { period: periodField(this.name, o, 'period'), inputDir: stringField(this.name, o, 'inputDir') };
  },
  process: (p, ctx) =>
    ingestDelivery(ctx.db, p.inputDir, {
      periodHint: p.period,
      zone: ctx.config.zone,
      onProgress: (e) => ctx.progress({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes' }),
    }),
  retry: DEFAULT_RETRY,
};

export const prepareCloseJob: JobDefinition<{ period: string }, PreparedClose> = {
  name: 'prepare-close',
  parse(payload) {
    return { period: periodField(this.name, asObject(this.name, payload), 'period') };
  },
  process: (p, ctx) => prepareClose(ctx.db, ctx.config, p.period, ctx.now()),
  retry: DEFAULT_RETRY,
};

/** Computes a group of partners' bills; the inline runner sends one group of all, a queue can fan out. */
export const computePartnersJob: JobDefinition<{ runId: number; partnerIds: string[] }, ComputePartnersResult> = {
  name: 'compute-partners',
  parse(payload) {
    const o = asObject(this.name, payload);
    const ids = o.partnerIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) {
      throw new PayloadError(this.name, 'partnerIds must be a non-empty array of partner ids');
    }
    return { runId: idField(this.name, o, 'runId'), partnerIds: ids as string[] };
  },
  process: (p, ctx) =>
    computePartnerBills(ctx.db, ctx.config, p.runId, p.partnerIds, (done) =>
      ctx.progress({ stage: 'compute', label: 'records', done, total: 0, unit: 'rows' })),
  retry: DEFAULT_RETRY,
};

export const reconcileJob: JobDefinition<{ runId: number }, ReconcileResult> = {
  name: 'reconcile',
  parse(payload) {
    return { runId: idField(this.name, asObject(this.name, payload), 'runId') };
  },
  process: (p, ctx) => reconcileClose(ctx.db, ctx.config, p.runId),
  retry: DEFAULT_RETRY,
};

export const emitJob: JobDefinition<{ runId: number; outDir: string }, EmitResult> = {
  name: 'emit-statements',
  parse(payload) {
    const o = asObject(this.name, payload);
    return { runId: idField(this.name, o, 'runId'), outDir: stringField(this.name, o, 'outDir') };
  },
  process: (p, ctx) => emitStatements(ctx.db, p.runId, p.outDir),
  retry: DEFAULT_RETRY,
};

export const finaliseJob: JobDefinition<{ runId: number }, CloseSummary> = {
  name: 'finalise-close',
  parse(payload) {
    return { runId: idField(this.name, asObject(this.name, payload), 'runId') };
  },
  process: (p, ctx) => finaliseClose(ctx.db, p.runId, ctx.now()),
  retry: DEFAULT_RETRY,
};

export const CLOSE_FLOW_PAYLOAD_JOB = 'close-period';

/** Payload of a whole close, as a CLI or a scheduler asks for it. */
export interface ClosePayload {
  period: string;
  inputDir?: string;
  outDir: string;
}

export function parseClosePayload(payload: unknown): ClosePayload {
  const o = asObject(CLOSE_FLOW_PAYLOAD_JOB, payload);
  return {
    period: periodField(CLOSE_FLOW_PAYLOAD_JOB, o, 'period'),
    inputDir: optionalStringField(CLOSE_FLOW_PAYLOAD_JOB, o, 'inputDir'),
    outDir: stringField(CLOSE_FLOW_PAYLOAD_JOB, o, 'outDir'),
  };
}
