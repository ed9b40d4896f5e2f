import { getNextMillis } from 'bullmq';

/** What a person is shown beside a pattern that is not one. */
export const CRON_HINT = '5 or 6 fields, e.g. "0 2 1 * *"';

/**
 * Why `pattern` is not a cron expression BullMQ can schedule in `tz`, or undefined when it is.
 * Checked with BullMQ's own parser, before anything is sent to Redis. The parser also takes
 * three or four fields (filling in the rest), which would silently mean something else than
 * meant: a pattern has 5 fields, or 6 with seconds first, or is an @-alias such as @monthly.
 * The parser's wording ("cannot resolve alias \"bog\"") is kept only where it names a bad value.
 */
export function cronProblem(pattern: string, tz: string): string | undefined {
  const fields = pattern.trim().split(/\s+/);
  const alias = fields.length === 1 && fields[0]!.startsWith('@');
  if (!alias && fields.length !== 5 && fields.length !== 6) return CRON_HINT;
  try {
    getNextMillis(Date.now(), { pattern, tz });
    return undefined;
  } catch (err) {
    return alias ? CRON_HINT : `${(err as Error).message.replace(/^\w+ error, /, '')}; ${CRON_HINT}`;
  }
}
