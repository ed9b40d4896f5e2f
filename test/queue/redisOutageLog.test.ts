import { describe, expect, it } from 'vitest';
import { redisOutageLog } from '../../jobs/bullmq/redisOutageLog';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 6390 });
const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

function harness() {
  const lines: string[] = [];
  let t = 0;
  const outage = redisOutageLog((line) => lines.push(line), '127.0.0.1:6390', () => t);
  return { lines, outage, advance: (ms: number) => { t += ms; } };
}

describe('redisOutageLog', () => {
  it('logs an outage once however many clients fail and retry, and its end once', () => {
    const { lines, outage, advance } = harness();
    for (let attempt = 1; attempt <= 5; attempt++) {
      for (const source of ['worker ingest', 'worker compute', 'queue compute', 'flow producer']) outage.error(source, refused);
      outage.retrying(attempt);
      advance(1000);
    }
    outage.ready();
    outage.ready();
    expect(lines).toEqual([
      'redis unreachable (ECONNREFUSED 127.0.0.1:6390); retrying (attempt 1)',
      'redis reachable again after 5 attempts (5 s)',
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
    expect(lines).toEqual([
      'redis unreachable (ECONNRESET 127.0.0.1:6390); retrying (attempt 1)',
      'redis still unreachable after 30 s (ECONNREFUSED 127.0.0.1:6390); retrying (attempt 7)',
      'redis still unreachable after 90 s (ECONNREFUSED 127.0.0.1:6390); retrying (attempt 19)',
    ]);
  });

  it('logs other errors as they come, and nothing once stopped for shutdown', () => {
    const { lines, outage } = harness();
    outage.error('worker close', new Error('Missing lock for job 7. moveToFinished'));
    outage.stop();
    outage.error('worker close', refused);
    outage.error('worker close', new Error('Connection is closed.'));
    expect(lines).toEqual(['worker close: Missing lock for job 7. moveToFinished']);
  });
});
