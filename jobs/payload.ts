import { z } from 'zod';
import { checkPeriod } from '../src/domain/period/period';
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS } from '../src/domain/reconcile/failOn';
import { PayloadError } from './jobContext';

/**
 * Field schemas of job payloads (they cross a queue as JSON, so they are checked on arrival).
 * Each message completes "<field> …", as parsePayload writes it after the field's path.
 */

/** A period YYYY-MM within the supported range (checkPeriod, the rule of the CLI and the input files). */
export const period = z.string({ error: 'must be a period YYYY-MM' }).superRefine((text, ctx) => {
  const problem = checkPeriod(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} ${problem}` });
});

export const nonEmptyString = z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });

/** Absent or null = undefined. */
export const optionalString = z.string({ error: 'must be a string' }).nullish().transform((text) => text ?? undefined);

/** Run ids, epoch milliseconds. */
export const positiveInteger = z.number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' });

/** An optional true/false (absent = false). */
export const flag = z.boolean({ error: 'must be true or false' }).default(false);

/** `failOn`: fail, warn or never (absent = never). */
export const failOn = z.enum(FAIL_ON_LEVELS, { error: `must be one of ${FAIL_ON_LEVELS.join(', ')}` }).default(DEFAULT_FAIL_ON);

/** A payload object with these fields; anything else is "not an object". */
export function payloadObject<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape, { error: 'not an object' });
}

/**
 * The payload as the schema reads it, or a PayloadError naming the job, the field's path and
 * the first problem ("compute-partners: invalid payload: runId must be a positive integer").
 */
export function parsePayload<S extends z.ZodType>(job: string, schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
  throw new PayloadError(job, path === '' ? issue.message : `${path} ${issue.message}`);
}
