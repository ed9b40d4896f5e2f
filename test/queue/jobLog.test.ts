import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { jobLogContext, loggedProcessor } from '../../jobs/bullmq/jobLog';
import { captureLog } from '../helpers/logCapture';

/** The fields of a BullMQ job the log reads; no queue is needed to log one. */
function fakeJob(name: string, id: string, data: unknown, attemptsMade = 0, attempts = 3): Job {
  return { name, id, data, attemptsMade, opts: { attempts } } as unknown as Job;
}

async function run(job: Job, outcome: () => Promise<unknown>) {
  const log = captureLog();
  await loggedProcessor(log.logger, 'compute', outcome)(job).catch(() => undefined);
  return log.records();
}

const compute = (attemptsMade = 0) => fakeJob('compute-partners', 'compute-2026-10-all-r2-retry1-P~2dD01', { runId: 7, partnerIds: ['P-D01'] }, attemptsMade);

describe('job log lines', () => {
  it('bind queue, job, id, attempt, and the run: period and run key from the id, run id and partner from the data', () => {
    expect(jobLogContext('compute', compute(1))).toEqual({
      queue: 'compute', job: 'compute-partners', jobId: 'compute-2026-10-all-r2-retry1-P~2dD01', attempt: 2,
      period: '2026-10', runKey: 'close-2026-10-all-r2', runId: 7, partnerId: 'P-D01',
    });
    expect(jobLogContext('ingest', fakeJob('ingest-file', 'ingest-2026-11-all-r1-refunds~2ecsv', { period: '2026-11', file: 'refunds.csv' })))
      .toMatchObject({ period: '2026-11', runKey: 'close-2026-11-all-r1', file: 'refunds.csv' });
    expect(jobLogContext('close', fakeJob('scheduled-close', 'repeat:month-end-close:1796630400000', { outDir: '/srv/out' })))
      .toEqual({ queue: 'close', job: 'scheduled-close', jobId: 'repeat:month-end-close:1796630400000', attempt: 1 });
  });

  it('end a completed job with its duration and the result\'s run fields', async () => {
    const records = await run(fakeJob('plan-close', 'close-2026-10-all-r1', { period: '2026-10' }), async () => ({ status: 'ready', runId: 3, runKey: 'close-2026-10-all-r1', partners: 4 }));
    expect(records.map((r) => r.event)).toEqual(['job.start', 'job.end']);
    expect(records[1]).toMatchObject({ level: 'info', outcome: 'completed', durationMs: expect.any(Number), runId: 3, status: 'ready', partners: 4, msg: expect.stringMatching(/^plan-close completed in \d+ ms$/) });
    // The run key is bound already: said once, not twice.
    expect(JSON.stringify(records[1]).match(/"runKey"/g)).toHaveLength(1);
  });

  it('tell a failure that will be retried from one for good, with message and code', async () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect((await run(compute(0), async () => { throw busy; }))[1]).toMatchObject({
      level: 'warn', outcome: 'retrying', error: 'database is locked', code: 'SQLITE_BUSY', msg: 'compute-partners failed, will retry: database is locked',
    });
    expect((await run(compute(2), async () => { throw busy; }))[1]).toMatchObject({ level: 'error', outcome: 'failed', attempt: 3 });
    const refused = Object.assign(new UnrecoverableError('bill.no_partner: partner P-D01 is unknown'), { cause: Object.assign(new Error('partner P-D01 is unknown'), { code: 'bill.no_partner' }) });
    expect((await run(compute(0), async () => { throw refused; }))[1]).toMatchObject({
      level: 'error', outcome: 'failed', error: 'bill.no_partner: partner P-D01 is unknown', code: 'bill.no_partner',
    });
  });

  it('call a job put back for a busy store delayed, not failed', async () => {
    expect((await run(compute(0), async () => { throw new DelayedError(); }))[1]).toMatchObject({ level: 'info', outcome: 'delayed' });
  });
});
