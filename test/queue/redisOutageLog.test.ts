import { describe, expect, it } from 'vitest';
import { redisOutageLog } from '../../jobs/bullmq/redisOutageLog';
import { captureLog } from '../helpers/logCapture';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 6390 });
const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

/** The outage log on the process's logger (JSON lines in memory) with a fake clock. */
function harness() {
  const log = captureLog();
  let t = 0;
  const outage = redisOutageLog(log.logger, '127.0.0.1:6390', () => t);
  const lines = () => log.records().map(({ level, event, attempt, downForMs, reason, msg }) => ({ level, event, attempt, downForMs, reason, msg }));
  return { lines, records: log.records, outage, advance: (ms: number) => { t += ms; } };
}

describe('redisOutageLog', () => {
  it('logs an outage once however many clients fail and retry, and its end once, with event, attempt, downForMs and reason', () => {
    const { lines, outage, advance } = harness();
    for (let attempt = 1; attempt <= 5; attempt++) {
      for (const source of ['worker ingest', 'worker compute', 'queue compute', 'flow producer']) outage.error(source, refused);
      outage.retrying(attempt);
      advance(1000);
    }
    outage.ready();
    outage.ready();
    expect(lines()).toEqual([
      { level: 'warn', event: 'redis.down', attempt: 1, downForMs: 0, reason: 'ECONNREFUSED 127.0.0.1:6390', msg: 'redis unreachable (ECONNREFUSED 127.0.0.1:6390); retrying (attempt 1)' },
      { level: 'info', event: 'redis.up', attempt: 5, downForMs: 5000, reason: 'ECONNREFUSED 127.0.0.1:6390', msg: 'redis reachable again after 5 attempts (5 s)' },
    ]);
  });

  it('names the server when the error does not, and repeats itself at doubling intervals while the outage lasts', () => {
    const { lines, outage, advance } = harness();
    outage.error('worker close', reset);
    for (let attempt = 2; attempt <= 40; attempt++) {
      advance(5000);
      outage.error('worker close', refused);
      outage.retrying(attempt);
    }
    expect(lines()).toEqual([
      { level: 'warn', event: 'redis.down', attempt: 1, downForMs: 0, reason: 'ECONNRESET 127.0.0.1:6390', msg: 'redis unreachable (ECONNRESET 127.0.0.1:6390); retrying (attempt 1)' },
      { level: 'warn', event: 'redis.still_down', attempt: 7, downForMs: 30_000, reason: 'ECONNREFUSED 127.0.0.1:6390', msg: 'redis still unreachable after 30 s (ECONNREFUSED 127.0.0.1:6390); retrying (attempt 7)' },
      { level: 'warn', event: 'redis.still_down', attempt: 19, downForMs: 90_000, reason: 'ECONNREFUSED 127.0.0.1:6390', msg: 'redis still unreachable after 90 s (ECONNREFUSED 127.0.0.1:6390); retrying (attempt 19)' },
    ]);
  });

  it('logs other errors as they come, and nothing once stopped for shutdown', () => {
    const { records, outage } = harness();
    outage.error('worker close', new Error('Missing lock for job 7. moveToFinished'));
    outage.stop();
    outage.error('worker close', refused);
    outage.error('worker close', new Error('Connection is closed.'));
    expect(records()).toEqual([expect.objectContaining({
      level: 'error', event: 'worker.error', source: 'worker close', error: 'Missing lock for job 7. moveToFinished', msg: 'worker close: Missing lock for job 7. moveToFinished',
    })]);
  });
});
