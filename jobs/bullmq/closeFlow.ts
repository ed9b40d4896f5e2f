import type { FlowJob, FlowJobNode } from 'bullmq';
import { computeIncentivesJob, computePartnersJob, computeSettlementsJob, emitJob, finaliseJob, reconcileJob } from '../catalog';
import { ingestFileJob, planCloseJob } from '../closeFlowJobs';
import type { CloseJobIds } from './jobIds';
import { retryOptions } from './jobOptions';
import { DEFAULT_FAIL_ON, type FailOn } from '../../src/domain/reconcile/failOn';

/**
 * The two job trees of a queued close (a BullMQ parent runs once all its children are done).
 *
 *   first tree, added by the trigger:          second tree, added by plan-close:
 *     plan-close (close)                         finalise-close (close)
 *     ├─ ingest-file consumption.csv (ingest)    └─ emit-statements (close)
 *     ├─ ingest-file refunds.csv                    └─ reconcile (close)
 *     └─ …one per delivery file                        ├─ compute-settlements (compute)
 *                                                      ├─ compute-incentives (compute)
 *                                                      ├─ compute-partners P1 (compute)
 *                                                      └─ …one per partner
 *
 * Every child names its failure policy, else a failed child would leave its parent waiting
 * forever (STACK §1.4): an ingest, reconcile or emit failure fails its parent (and so the
 * close); a partner's compute failure is ignored by reconcile, because that partner is parked
 * and the others must still be reconciled and emitted. The settlement job parks failing
 * merchants (and the incentive job solution providers) itself, so its own failure (store down for
 * good) fails the close.
 */


export interface PlanFlowInput {
  period: string;
  outDir: string;
  inputDir?: string;
  files: readonly string[];
  allowEmpty?: boolean;
  failOn?: FailOn;
}

export function planFlow(ids: CloseJobIds, input: PlanFlowInput): FlowJob {
  const children: FlowJobNode[] = input.files.map((file) => ({
    name: ingestFileJob.name,
    queueName: 'ingest',
    data: { period: input.period, inputDir: input.inputDir, file },
    opts: { jobId: ids.ingest(file), failParentOnFailure: true, ...retryOptions(ingestFileJob.retry) },
  }));
  return {
    name: planCloseJob.name,
    queueName: 'close',
    data: { period: input.period, outDir: input.outDir, allowEmpty: input.allowEmpty === true, failOn: input.failOn ?? DEFAULT_FAIL_ON },
    opts: { jobId: ids.plan, ...retryOptions(planCloseJob.retry) },
    children,
  };
}

export function computeFlow(ids: CloseJobIds, runId: number, outDir: string, partnerIds: readonly string[], retry: boolean, failOn: FailOn = DEFAULT_FAIL_ON): FlowJob {
  const computes: FlowJobNode[] = partnerIds.map((partnerId) => ({
    name: computePartnersJob.name,
    queueName: 'compute',
    data: { runId, partnerIds: [partnerId] },
    opts: { jobId: ids.compute(partnerId), ignoreDependencyOnFailure: true, ...retryOptions(computePartnersJob.retry) },
  }));
  const reconcile: FlowJobNode = {
    name: reconcileJob.name,
    queueName: 'close',
    data: { runId },
    opts: { jobId: ids.reconcile, failParentOnFailure: true, ...retryOptions(reconcileJob.retry) },
    children: [
      {
        name: computeSettlementsJob.name,
        queueName: 'compute',
        data: { runId, onlyMissing: retry },
        opts: { jobId: ids.settlements, failParentOnFailure: true, ...retryOptions(computeSettlementsJob.retry) },
      },
      {
        name: computeIncentivesJob.name,
        queueName: 'compute',
        data: { runId, onlyMissing: retry },
        opts: { jobId: ids.incentives, failParentOnFailure: true, ...retryOptions(computeIncentivesJob.retry) },
      },
      ...computes,
    ],
  };
  const emit: FlowJobNode = {
    name: emitJob.name,
    queueName: 'close',
    data: { runId, outDir },
    opts: { jobId: ids.emit, failParentOnFailure: true, ...retryOptions(emitJob.retry) },
    children: [reconcile],
  };
  return {
    name: finaliseJob.name,
    queueName: 'close',
    data: { runId, failOn },
    opts: { jobId: ids.finalise, ...retryOptions(finaliseJob.retry) },
    children: [emit],
  };
}
