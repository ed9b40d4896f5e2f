import { ingestDelivery, type DeliveryReport } from '../src/app/ingestDelivery';
import { computePartnerBills, type ComputePartnersResult } from '../src/app/close/computePartnerBills';
import { computeSettlements, type ComputeSettlementsResult } from '../src/app/close/computeSettlements';
import { computeIncentives, type ComputeIncentivesResult } from '../src/app/close/computeIncentives';
import { emitStatements, type EmitResult } from '../src/app/close/emitStatements';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finaliseClose, type CloseSummary } from '../src/app/close/finaliseClose';
import { prepareClose, type CloseMode, type PreparedClose } from '../src/app/close/prepareClose';
import { reconcileClose, type ReconcileResult } from '../src/app/close/reconcileClose';
import { periodForScheduledRun } from '../src/domain/period/scheduledPeriod';
import { PayloadError, type JobContext } from './jobContext';
import { asObject, idField, optionalStringField, periodField, stringField } from './payload';
import { DEFAULT_RETRY, type RetryPolicy } from './retryPolicy';
import { ingestFileJob, planCloseJob } from './closeFlowJobs';

export type { RetryPolicy } from './retryPolicy';

/**
 * The job catalog: every job's name, payload schema, processor and retry policy. Both runners
 * (inline and BullMQ) execute exactly these processors, so both give the same files. Whether a
 * failure is retried is decided by its kind (jobs/errors.ts): transient errors are retried with
 * the policy's backoff, data errors (payload, close, coded errors) never.
 */
export interface JobDefinition<P, R> {
  name: string;
  parse(payload: unknown): P;
  process(payload: P, ctx: JobContext): Promise<R>;
  retry: RetryPolicy;
}

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
      // Arrival time is the runner's clock, the same one the close's instant comes from.
      now: () => new Date(ctx.now()),
      onProgress: (e) => ctx.progress({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes' }),
    }),
  retry: DEFAULT_RETRY,
};

export const prepareCloseJob: JobDefinition<{ period: string; mode: CloseMode }, PreparedClose> = {
  name: 'prepare-close',
  parse(payload) {
    const o = asObject(this.name, payload);
    return { period: periodField(this.name, o, 'period'), mode: parseMode(this.name, o.mode) };
  },
  process: (p, ctx) => prepareClose(ctx.db, ctx.config, p.period, ctx.now(), p.mode),
  retry: DEFAULT_RETRY,
};

/** A close's mode: absent = commit; `preview` and `as-of` only ever run inside a rolled-back transaction (jobs/dryRunClose). */
function parseMode(name: string, mode: unknown): CloseMode {
  if (mode === undefined) return { kind: 'commit' };
  const o = asObject(name, mode);
  if (o.kind === 'commit' || o.kind === 'preview') return { kind: o.kind };
  if (o.kind === 'as-of' && typeof o.asOf === 'string' && !Number.isNaN(Date.parse(o.asOf))) return { kind: 'as-of', asOf: o.asOf };
  throw new PayloadError(name, 'mode must be {kind: commit|preview} or {kind: as-of, asOf: <ISO timestamp>}');
}

/**
 * Computes a group of partners' bills; the inline runner sends one group of all, the queue one
 * job per partner. A partner whose bill cannot be built is parked (stored), not thrown.
 */
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

/** Payload of a pass over the whole run (settlements, incentives): `onlyMissing` on the retry of a parked run. */
function parseRunPass(name: string, payload: unknown): { runId: number; onlyMissing: boolean } {
  const o = asObject(name, payload);
  if (o.onlyMissing !== undefined && typeof o.onlyMissing !== 'boolean') throw new PayloadError(name, 'onlyMissing must be true or false');
  return { runId: idField(name, o, 'runId'), onlyMissing: o.onlyMissing === true };
}

/**
 * Settles every merchant of the run's period (one job: marketplace records are a small part of a
 * period and read once). A merchant whose settlement cannot be computed is parked, not thrown.
 * `onlyMissing` (retry of a parked run) leaves merchants already settled in the run alone.
 */
export const computeSettlementsJob: JobDefinition<{ runId: number; onlyMissing: boolean }, ComputeSettlementsResult> = {
  name: 'compute-settlements',
  parse(payload) {
    return parseRunPass(this.name, payload);
  },
  process: (p, ctx) => computeSettlements(ctx.db, ctx.config, p.runId, { onlyMissing: p.onlyMissing }),
  retry: DEFAULT_RETRY,
};

/** Computes every solution provider's incentive statement (one job; a provider that cannot be computed is parked). */
export const computeIncentivesJob: JobDefinition<{ runId: number; onlyMissing: boolean }, ComputeIncentivesResult> = {
  name: 'compute-incentives',
  parse(payload) {
    return parseRunPass(this.name, payload);
  },
  process: (p, ctx) => computeIncentives(ctx.db, ctx.config, p.runId, { onlyMissing: p.onlyMissing }),
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
  process: (p, ctx) => emitStatements(ctx.db, p.runId, p.outDir, ctx.config.zone),
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

/** The jobs of a queued close; a BullMQ job's name picks its processor from here. */
export const CLOSE_FLOW_JOBS: readonly JobDefinition<unknown, unknown>[] = [
  ingestFileJob, planCloseJob, computePartnersJob, computeSettlementsJob, computeIncentivesJob, reconcileJob, emitJob, finaliseJob,
];

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

export const SCHEDULED_CLOSE_JOB = 'scheduled-close';
/** Retry policy of a scheduled close; the scheduler puts it into the template of every job it produces. */
export const SCHEDULED_CLOSE_RETRY: RetryPolicy = DEFAULT_RETRY;

/** Starts the close of a period (idempotent per period); resolves to an id of what it started, if any. */
export type CloseTrigger = (request: ClosePayload) => Promise<string | undefined>;

export interface ScheduledClosePayload {
  /** The run's scheduled instant (epoch ms). The runner takes it from the scheduler's job, not the clock. */
  scheduledMs: number;
  outDir: string;
  /** Deliveries are expected under <inboxDir>/<YYYY-MM>/; without one the close uses what was ingested. */
  inboxDir?: string;
}

export interface ScheduledCloseResult {
  period: string;
  scheduledAt: string;
  inputDir?: string;
  triggered?: string;
}

/**
 * The month-end close a job scheduler fires. It only decides which period to close and where
 * its inputs are, then hands over to the trigger (the queued runner's enqueue); the close's own
 * deterministic ids make a repeated trigger harmless. The trigger is a parameter so that tests
 * can record calls instead of enqueueing.
 */
export function scheduledCloseJob(trigger: CloseTrigger): JobDefinition<ScheduledClosePayload, ScheduledCloseResult> {
  return {
    name: SCHEDULED_CLOSE_JOB,
    parse(payload) {
      const o = asObject(SCHEDULED_CLOSE_JOB, payload);
      const inboxDir = optionalStringField(SCHEDULED_CLOSE_JOB, o, 'inboxDir');
      return {
        scheduledMs: idField(SCHEDULED_CLOSE_JOB, o, 'scheduledMs'),
        outDir: stringField(SCHEDULED_CLOSE_JOB, o, 'outDir'),
        ...(inboxDir ? { inboxDir } : {}),
      };
    },
    async process(p, ctx) {
      const period = periodForScheduledRun(p.scheduledMs, ctx.config.zone);
      const candidate = p.inboxDir ? join(p.inboxDir, period) : undefined;
      const inputDir = candidate && (await isDirectory(candidate)) ? candidate : undefined;
      const triggered = await trigger({ period, outDir: p.outDir, ...(inputDir ? { inputDir } : {}) });
      return { period, scheduledAt: new Date(p.scheduledMs).toISOString(), ...(inputDir ? { inputDir } : {}), ...(triggered ? { triggered } : {}) };
    },
    retry: SCHEDULED_CLOSE_RETRY,
  };
}

/** A missing inbox folder means "no delivery this month"; any other file-system error is raised (and retried). */
async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
