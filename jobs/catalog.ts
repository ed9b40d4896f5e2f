import { deliveryFileNames, ingestDelivery, type DeliveryReport } from '../src/app/ingestDelivery';
import { CloseError } from './errors';
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
import { z } from 'zod';
import type { JobContext } from './jobContext';
import { failOn, flag, nonEmptyString, optionalString, parsePayload, payloadObject, period, positiveInteger } from './payload';
import { DEFAULT_FAIL_ON, type FailOn } from '../src/domain/reconcile/failOn';
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
    return parsePayload(this.name, payloadObject({ period, inputDir: nonEmptyString }), payload);
  },
  process: (p, ctx) =>
    ingestDelivery(ctx.db, p.inputDir, {
      periodHint: p.period,
      zone: ctx.config.zone,
      // Arrival time is the runner's clock, the same one the close's instant comes from.
      now: () => new Date(ctx.now()),
      onProgress: (e) => ctx.progress({ stage: 'ingest', label: e.fileName, done: e.bytesDone, total: e.bytesTotal, unit: 'bytes', rows: e.rowsDone }),
    }),
  retry: DEFAULT_RETRY,
};

export const prepareCloseJob: JobDefinition<{ period: string; mode: CloseMode; allowEmpty: boolean }, PreparedClose> = {
  name: 'prepare-close',
  parse(payload) {
    return parsePayload(this.name, payloadObject({ period, mode: closeMode, allowEmpty: flag }), payload);
  },
  process: (p, ctx) => prepareClose(ctx.db, ctx.config, p.period, ctx.now(), p.mode, { allowEmpty: p.allowEmpty }),
  retry: DEFAULT_RETRY,
};

/** A close's mode: absent = commit; `preview` and `as-of` only ever run inside a rolled-back transaction (jobs/dryRunClose). */
const closeMode: z.ZodType<CloseMode, unknown> = z.union([
  z.object({ kind: z.enum(['commit', 'preview']) }),
  z.object({ kind: z.literal('as-of'), asOf: z.string().refine((text) => !Number.isNaN(Date.parse(text)), { error: 'must be an ISO timestamp' }) }),
], { error: 'must be {kind: commit|preview} or {kind: as-of, asOf: <ISO timestamp>}' }).default(() => ({ kind: 'commit' as const }));

const PARTNER_IDS_PROBLEM = 'must be a non-empty array of partner ids';
const computePartnersPayload = payloadObject({
  runId: positiveInteger,
  partnerIds: z.array(nonEmptyString, { error: PARTNER_IDS_PROBLEM }).min(1, { error: PARTNER_IDS_PROBLEM }),
});

/**
 * Computes a group of partners' bills; the inline runner sends one group of all, the queue one
 * job per partner. A partner whose bill cannot be built is parked (stored), not thrown.
 */
export const computePartnersJob: JobDefinition<{ runId: number; partnerIds: string[] }, ComputePartnersResult> = {
  name: 'compute-partners',
  parse(payload) {
    return parsePayload(this.name, computePartnersPayload, payload);
  },
  process: (p, ctx) =>
    computePartnerBills(ctx.db, ctx.config, p.runId, p.partnerIds, (e) =>
      ctx.progress({ stage: 'compute', label: 'partners', done: e.partnersDone, total: e.partnersTotal, unit: 'items', rows: e.recordsRead })),
  retry: DEFAULT_RETRY,
};

/** Payload of a pass over the whole run (settlements, incentives): `onlyMissing` on the retry of a parked run. */
function parseRunPass(name: string, payload: unknown): { runId: number; onlyMissing: boolean } {
  return parsePayload(name, payloadObject({ runId: positiveInteger, onlyMissing: flag }), payload);
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
    return parsePayload(this.name, payloadObject({ runId: positiveInteger }), payload);
  },
  process: (p, ctx) => reconcileClose(ctx.db, ctx.config, p.runId),
  retry: DEFAULT_RETRY,
};

export const emitJob: JobDefinition<{ runId: number; outDir: string }, EmitResult> = {
  name: 'emit-statements',
  parse(payload) {
    return parsePayload(this.name, payloadObject({ runId: positiveInteger, outDir: nonEmptyString }), payload);
  },
  process: (p, ctx) => emitStatements(ctx.db, p.runId, p.outDir, ctx.config.zone),
  retry: DEFAULT_RETRY,
};

/** `failOn` (default never): which reconciliation outcomes keep the run from sealing. */
export const finaliseJob: JobDefinition<{ runId: number; failOn: FailOn }, CloseSummary> = {
  name: 'finalise-close',
  parse(payload) {
    return parsePayload(this.name, payloadObject({ runId: positiveInteger, failOn }), payload);
  },
  process: (p, ctx) => finaliseClose(ctx.db, p.runId, ctx.now(), p.failOn),
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
  /** Close even when the period has no records and no late records to book (else refused: period.empty). */
  allowEmpty?: boolean;
  /** Which reconciliation outcomes stop the close before it seals (default never). */
  failOn?: FailOn;
}

const closePayload = payloadObject({ period, inputDir: optionalString, outDir: nonEmptyString, allowEmpty: flag, failOn });

export function parseClosePayload(payload: unknown): ClosePayload {
  return parsePayload(CLOSE_FLOW_PAYLOAD_JOB, closePayload, payload);
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
  /** Which reconciliation outcomes keep the scheduled close from sealing (absent: never). */
  failOn?: FailOn;
}

const scheduledClosePayload = payloadObject({ scheduledMs: positiveInteger, outDir: nonEmptyString, inboxDir: optionalString, failOn });

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
      const { inboxDir, ...rest } = parsePayload(SCHEDULED_CLOSE_JOB, scheduledClosePayload, payload);
      return { ...rest, ...(inboxDir ? { inboxDir } : {}) };
    },
    async process(p, ctx) {
      const period = periodForScheduledRun(p.scheduledMs, ctx.config.zone);
      const inputDir = p.inboxDir ? await requireInbox(join(p.inboxDir, period), period) : undefined;
      const triggered = await trigger({ period, outDir: p.outDir, ...(inputDir ? { inputDir } : {}), ...(p.failOn !== undefined && p.failOn !== DEFAULT_FAIL_ON ? { failOn: p.failOn } : {}) });
      return { period, scheduledAt: new Date(p.scheduledMs).toISOString(), ...(inputDir ? { inputDir } : {}), ...(triggered ? { triggered } : {}) };
    },
    retry: SCHEDULED_CLOSE_RETRY,
  };
}

/**
 * The inbox folder of the scheduled period, which must hold a delivery: a month-end close that
 * found no folder, or an empty one, would otherwise seal a month of zero statements unnoticed.
 * Both fail the job for good (a person must deliver or close by hand); any other file-system
 * error is raised as it is (and retried).
 */
async function requireInbox(dir: string, period: string): Promise<string> {
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (info === undefined || !info.isDirectory()) {
    throw new CloseError('close.inbox_missing', `scheduled close of ${period}: the inbox folder ${dir} does not exist; deliver the period's files there, or close it by hand (reckon close ${period} --input …)`);
  }
  const files = await deliveryFileNames(dir).catch((err: { code?: unknown }) => {
    if (err.code === 'ingest.empty_delivery') return [];
    throw err;
  });
  if (files.length === 0) {
    throw new CloseError('close.inbox_empty', `scheduled close of ${period}: the inbox folder ${dir} holds no delivery file (consumption.csv, refunds.csv, adjustments.csv, reference/); deliver them, or close by hand with --allow-empty`);
  }
  return dir;
}
