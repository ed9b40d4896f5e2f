import { describe, expect, it } from 'vitest';
import { computePartnersJob, emitJob, finaliseJob, ingestJob, parseClosePayload, prepareCloseJob, reconcileJob, computeSettlementsJob, scheduledCloseJob } from '../../jobs/catalog';
import { ingestFileJob, planCloseJob } from '../../jobs/closeFlowJobs';
import { isPermanentError } from '../../jobs/errors';
import { PayloadError } from '../../jobs/jobContext';

/** The message a job's payload is refused with, or undefined when it is accepted. */
function refusal(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    expect((error as PayloadError).code).toBe('CBC.0100');
    expect(isPermanentError(error)).toBe(true);
    return (error as Error).message;
  }
}

describe('job payloads', () => {
  it('are refused with a message naming the job, the field and the problem', () => {
    // Proves: a malformed payload fails its job for good with a message a person can act on.
    expect(refusal(() => computePartnersJob.parse({ runId: 0, partnerIds: ['P1'] }))).toBe('compute-partners: invalid payload: runId must be a positive integer');
    expect(refusal(() => computePartnersJob.parse({ runId: 1.5, partnerIds: ['P1'] }))).toBe('compute-partners: invalid payload: runId must be a positive integer');
    expect(refusal(() => computePartnersJob.parse({ runId: 1, partnerIds: [] }))).toBe('compute-partners: invalid payload: partnerIds must be a non-empty array of partner ids');
    expect(refusal(() => computePartnersJob.parse({ runId: 1, partnerIds: ['P1', ''] }))).toBe('compute-partners: invalid payload: partnerIds[1] must be a non-empty string');
    expect(refusal(() => reconcileJob.parse('7'))).toBe('reconcile: invalid payload: not an object');
    expect(refusal(() => reconcileJob.parse(null))).toBe('reconcile: invalid payload: not an object');
    expect(refusal(() => emitJob.parse({ runId: 3 }))).toBe('emit-statements: invalid payload: outDir must be a non-empty string');
    expect(refusal(() => ingestJob.parse({ period: '2026-10', inputDir: '' }))).toBe('ingest-delivery: invalid payload: inputDir must be a non-empty string');
    expect(refusal(() => ingestFileJob.parse({ period: '2026-10', inputDir: 'in', file: 3 }))).toBe('ingest-file: invalid payload: file must be a non-empty string');
    expect(refusal(() => computeSettlementsJob.parse({ runId: 3, onlyMissing: 'yes' }))).toBe('compute-settlements: invalid payload: onlyMissing must be true or false');
    expect(refusal(() => finaliseJob.parse({ runId: 3, failOn: 'always' }))).toBe('finalise-close: invalid payload: failOn must be one of fail, warn, never');
    expect(refusal(() => planCloseJob.parse({ period: '2026-10', outDir: 'o', allowEmpty: 1 }))).toBe('plan-close: invalid payload: allowEmpty must be true or false');
    expect(refusal(() => prepareCloseJob.parse({ period: '2026-10', mode: { kind: 'later' } }))).toBe('prepare-close: invalid payload: mode must be {kind: commit|preview} or {kind: as-of, asOf: <ISO timestamp>}');
    expect(refusal(() => prepareCloseJob.parse({ period: '2026-10', mode: { kind: 'as-of', asOf: 'noon' } }))).toBe('prepare-close: invalid payload: mode.asOf must be an ISO timestamp');
    expect(refusal(() => parseClosePayload({ period: '2026-10', outDir: 'o', inputDir: 5 }))).toBe('close-period: invalid payload: inputDir must be a string');
    expect(refusal(() => scheduledCloseJob(async () => undefined).parse({ scheduledMs: -1, outDir: 'o' }))).toBe('scheduled-close: invalid payload: scheduledMs must be a positive integer');
  });

  it('read the defaults of absent optional fields and leave out unknown ones', () => {
    expect(parseClosePayload({ period: '2026-10', outDir: 'o', extra: true })).toEqual({ period: '2026-10', outDir: 'o', allowEmpty: false, failOn: 'never' });
    expect(parseClosePayload({ period: '2026-10', outDir: 'o', inputDir: null, allowEmpty: true, failOn: 'warn' })).toEqual({ period: '2026-10', outDir: 'o', allowEmpty: true, failOn: 'warn' });
    expect(prepareCloseJob.parse({ period: '2026-10' })).toEqual({ period: '2026-10', mode: { kind: 'commit' }, allowEmpty: false });
    expect(prepareCloseJob.parse({ period: '2026-10', mode: { kind: 'as-of', asOf: '2026-11-01T00:00:00Z', x: 1 } }).mode).toEqual({ kind: 'as-of', asOf: '2026-11-01T00:00:00Z' });
    expect(computeSettlementsJob.parse({ runId: 3 })).toEqual({ runId: 3, onlyMissing: false });
    expect(computePartnersJob.parse({ runId: 3, partnerIds: ['P1', 'P2'] })).toEqual({ runId: 3, partnerIds: ['P1', 'P2'] });
    const scheduled = scheduledCloseJob(async () => undefined);
    expect(scheduled.parse({ scheduledMs: 5, outDir: 'o', inboxDir: '' })).toEqual({ scheduledMs: 5, outDir: 'o', failOn: 'never' });
    expect(scheduled.parse({ scheduledMs: 5, outDir: 'o', inboxDir: 'in' })).toEqual({ scheduledMs: 5, outDir: 'o', inboxDir: 'in', failOn: 'never' });
  });
});
