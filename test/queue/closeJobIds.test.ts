import { describe, expect, it } from 'vitest';
import { closeJobIds, closeJobIdsOfPlan } from '../../jobs/bullmq/jobIds';
import { retryOptions } from '../../jobs/bullmq/jobOptions';
import { CloseError, describeError, isPermanentError } from '../../jobs/errors';
import { PayloadError } from '../../jobs/jobContext';
import { DEFAULT_RETRY, retryDelayMs } from '../../jobs/retryPolicy';
import { PartnerDataError } from '../../src/domain/bills/partnerReference';
import { closeFlow } from '../helpers/closeFlowShape';

/** Pure parts of the queued runner: job ids BullMQ accepts, retry options, error classification. */
describe('close job ids', () => {
  it('are deterministic, free of ":", never all digits, and the plan id of attempt 0 is the run key', () => {
    const ids = closeJobIds('2026-10', 'all', 1, 0);
    expect(ids.plan).toBe('close-2026-10-all-r1');
    expect(ids.compute('P:1/2')).toBe('compute-2026-10-all-r1-P~3a1~2f2');
    expect(ids.ingest('reference/partners.csv')).toBe('ingest-2026-10-all-r1-reference~2fpartners~2ecsv');
    expect(closeJobIds('2026-10', 'all', 1, 2).finalise).toBe('finalise-2026-10-all-r1-retry2');
    const all = [ids.plan, ids.reconcile, ids.emit, ids.finalise, ids.compute('123'), ids.ingest('consumption.csv')];
    for (const id of all) {
      expect(id).not.toContain(':');
      expect(id).not.toMatch(/^\d+$/);
    }
    expect(closeJobIdsOfPlan(ids.plan).finalise).toBe(ids.finalise);
  });

  it('every flow node names a job id and a failure policy', () => {
    for (const node of closeFlow()) {
      expect(node.opts?.jobId, node.name).toBeTruthy();
      if (node.child) expect(Boolean(node.opts?.failParentOnFailure) !== Boolean(node.opts?.ignoreDependencyOnFailure), node.name).toBe(true);
    }
  });
});

describe('retries', () => {
  it('derive BullMQ exponential backoff with jitter from the catalog policy, and the inline delays stay in its range', () => {
    expect(retryOptions(DEFAULT_RETRY)).toEqual({ attempts: 5, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } });
    expect(retryDelayMs(DEFAULT_RETRY, 1, 0)).toBe(500);
    expect(retryDelayMs(DEFAULT_RETRY, 3, 0.999999)).toBe(4000);
  });

  it('classify data errors as permanent and busy databases or reset connections as transient', () => {
    const busy = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isPermanentError(busy)).toBe(false);
    expect(isPermanentError(reset)).toBe(false);
    expect(isPermanentError(new Error('no code'))).toBe(false);
    for (const code of ['08006', '57P01', '53300', '40001']) {
      expect(isPermanentError(Object.assign(new Error('pg'), { code })), code).toBe(false);
    }
    expect(isPermanentError(Object.assign(new Error('unique violation'), { code: '23505' }))).toBe(true);
    expect(isPermanentError(new PayloadError('x', 'bad'))).toBe(true);
    expect(isPermanentError(new CloseError('close.input_failed', 'bad file'))).toBe(true);
    expect(isPermanentError(new PartnerDataError('bill.partner_reference', 'R1', 'no parent'))).toBe(true);
    expect(describeError(new CloseError('close.input_failed', 'bad file'))).toBe('close.input_failed: bad file');
  });
});
