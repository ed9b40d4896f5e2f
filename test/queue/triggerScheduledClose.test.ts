import { describe, expect, it } from 'vitest';
import { queuedCloseTrigger } from '../../jobs/bullmq/triggerScheduledClose';
import type { ClosePayload } from '../../jobs/catalog';

describe('queuedCloseTrigger', () => {
  const request: ClosePayload = { period: '2026-11', outDir: '/srv/out', inputDir: '/srv/inbox/2026-11' };

  it('passes the request through and keeps a short description of the outcome', async () => {
    const seen: ClosePayload[] = [];
    const trigger = queuedCloseTrigger(async (r) => {
      seen.push(r);
      return { status: 'enqueued', runKey: 'close-2026-11-all-r1', jobId: 'close-2026-11-all-r1', files: ['a.csv'] };
    });
    expect(await trigger(request)).toBe('close-2026-11-all-r1 (enqueued)');
    expect(seen).toEqual([request]);
  });

  it('falls back to an id, and to nothing for results it does not know', async () => {
    expect(await queuedCloseTrigger(async () => ({ jobId: 'j-1' }))(request)).toBe('j-1');
    expect(await queuedCloseTrigger(async () => 'run-7')(request)).toBe('run-7');
    expect(await queuedCloseTrigger(async () => undefined)(request)).toBeUndefined();
  });
});
