import { EventEmitter } from 'node:events';
import type { QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../jobs/jobContext';
import { closeJobIds } from '../../jobs/bullmq/jobIds';
import { progressFeed } from '../../jobs/bullmq/waitForClose';

describe('progress of a queued close (close --wait)', () => {
  it('reports the steps an inline close reports: file progress, partners done of their total, settlements, checks, files written', () => {
    // Proves: settlements and incentives (on the compute queue too) are not counted as partners, and emit reports its file count.
    const ids = closeJobIds('2026-10', 'all', 1, 0);
    const [ingest, compute, close] = [new EventEmitter(), new EventEmitter(), new EventEmitter()];
    const seen: ProgressEvent[] = [];
    const feed = progressFeed(ids, [ingest, compute, close] as unknown as QueueEvents[], (e) => seen.push(e));
    const fileEvent: ProgressEvent = { stage: 'ingest', label: 'consumption.csv', done: 1740, total: 1740, unit: 'bytes', rows: 4 };
    ingest.emit('progress', { jobId: ids.ingest('consumption.csv'), data: fileEvent });
    feed.setPartners(2);
    compute.emit('active', { jobId: ids.settlements });
    compute.emit('completed', { jobId: ids.settlements, returnvalue: {} });
    compute.emit('completed', { jobId: ids.compute('P-1'), returnvalue: {} });
    compute.emit('failed', { jobId: ids.compute('P-2') });
    compute.emit('completed', { jobId: closeJobIds('2026-11', 'all', 1, 0).compute('P-1'), returnvalue: {} }); // another close's job
    close.emit('active', { jobId: ids.emit });
    close.emit('completed', { jobId: ids.emit, returnvalue: { dir: '/out', files: [{ path: 'a' }, { path: 'b' }] } });
    close.emit('completed', { jobId: ids.finalise, returnvalue: {} });
    expect(seen).toEqual([
      fileEvent,
      { stage: 'compute', label: 'partners', done: 0, total: 2, unit: 'items' },
      { stage: 'compute', label: 'settlements', done: 0, total: 1, unit: 'step' },
      { stage: 'compute', label: 'settlements', done: 1, total: 1, unit: 'step' },
      { stage: 'compute', label: 'partners', done: 1, total: 2, unit: 'items' },
      { stage: 'compute', label: 'partners', done: 2, total: 2, unit: 'items' },
      { stage: 'emit', label: 'files', done: 0, total: 0, unit: 'items' },
      { stage: 'emit', label: 'files', done: 2, total: 2, unit: 'items' },
    ]);
  });
});
