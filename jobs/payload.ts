import { checkPeriod } from '../src/domain/period/period';
import { PayloadError } from './jobContext';

/** Small validators for job payloads (they cross a queue as JSON, so they are checked on arrival). */

export function asObject(job: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadError(job, 'not an object');
  return value as Record<string, unknown>;
}

export function periodField(job: string, o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new PayloadError(job, `${key} must be a period YYYY-MM`);
  const problem = checkPeriod(v);
  if (problem !== undefined) throw new PayloadError(job, `${key} ${JSON.stringify(v)} ${problem}`);
  return v;
}

export function stringField(job: string, o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new PayloadError(job, `${key} must be a non-empty string`);
  return v;
}

export function optionalStringField(job: string, o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PayloadError(job, `${key} must be a string`);
  return v;
}

export function idField(job: string, o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new PayloadError(job, `${key} must be a positive integer`);
  return v;
}
