import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConfig } from '../../jobs/bullmq/queueConfig';
import { jsonLines } from '../helpers/logCapture';
import { obliterateQueues, queueEnv, queueTestConfig, reckonAsync, ROOT } from '../helpers/queueHarness';
import { makeTempDir } from '../helpers/tempDir';

/**
 * What a person sees from the commands that talk to the queue when Redis is not there, or a
 * cron pattern is wrong: one `reckon: [CBC.xxxx] …` line naming the cause, never a library's
 * wording ("Stream isn't writeable…", "cannot resolve alias…") or a stack.
 */
const temp = makeTempDir('queue-messages');
const DEMO = join(ROOT, 'fixtures/demo/2026-10');
let down: { url: string; port: number; env: NodeJS.ProcessEnv };
const live: QueueConfig = queueTestConfig('queue-messages');

/** A port nothing listens on: taken from the system, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  down = { url, port, env: queueEnv({ ...live, redisUrl: url }, join(temp.dir, 'down.sqlite')) };
});

afterAll(async () => {
  await obliterateQueues(live);
  temp.cleanup();
});

describe('Redis not reachable', () => {
  const unreachable = () => `reckon: [CBC.0999] cannot reach Redis at ${down.url} (ECONNREFUSED); start it or fix REDIS_URL\n`;

  it.each([
    ['close (enqueue)', () => ['close', '2026-10', '--input', DEMO, '--out', join(temp.dir, 'out')]],
    ['close --wait', () => ['close', '2026-10', '--input', DEMO, '--out', join(temp.dir, 'out'), '--wait']],
    ['schedule', () => ['schedule']],
    ['schedule --list', () => ['schedule', '--list']],
    ['schedule --remove', () => ['schedule', '--remove']],
    ['dashboard', () => ['dashboard', '--port', String(down.port)]],
    ['worker', () => ['worker']],
  ])('%s: exit 1 and one line naming the URL and the cause', async (_what, args) => {
    const result = await reckonAsync(args(), down.env);
    expect(result.stderr).toBe(unreachable());
    expect(result.code).toBe(1);
  });
});

describe('a cron pattern that is not one', () => {
  it('is refused before Redis is asked anything (exit 2), saying what a pattern looks like', async () => {
    const bog = await reckonAsync(['schedule', '--cron', 'bog'], down.env);
    expect(bog.stderr).toBe('reckon: [CBC.0100] --cron "bog" is not a cron expression (5 or 6 fields, e.g. "0 2 1 * *")\n');
    expect(bog.code).toBe(2);
    const range = await reckonAsync(['schedule', '--cron', '0 0 12 32 * *'], down.env);
    expect(range.stderr).toBe('reckon: [CBC.0100] --cron "0 0 12 32 * *" is not a cron expression (got value 32 expected range 1-31; 5 or 6 fields, e.g. "0 2 1 * *")\n');
    const fromEnv = await reckonAsync(['schedule'], { ...down.env, RECKON_CLOSE_CRON: '* * *' });
    expect(fromEnv.stderr).toBe('reckon: [CBC.0100] RECKON_CLOSE_CRON "* * *" is not a cron expression (5 or 6 fields, e.g. "0 2 1 * *")\n');
  });

  it('a good one is scheduled: the result on stdout, the change as a log line on stderr', async () => {
    const env = queueEnv(live, join(temp.dir, 'live.sqlite'), { RECKON_LOG_FORMAT: 'json' });
    const set = await reckonAsync(['schedule', '--cron', '0 2 1 * *', '--tz', 'UTC', '--out', join(temp.dir, 'out')], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^scheduled month-end-close: cron "0 2 1 \* \*" in UTC\n/);
    expect(jsonLines(set.stderr)).toEqual([expect.objectContaining({
      level: 'info', event: 'schedule.upserted', schedulerId: 'month-end-close', cron: '0 2 1 * *', tz: 'UTC', prefix: live.prefix,
      next: expect.stringMatching(/^\d{4}-\d\d-01T02:00:00\.000Z$/),
    })]);
    const removed = await reckonAsync(['schedule', '--remove'], env);
    expect(jsonLines(removed.stderr)).toEqual([expect.objectContaining({ event: 'schedule.removed', removed: true })]);
  });
});
