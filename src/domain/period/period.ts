import { TZDate, tz } from '@date-fns/tz';
import { addMonths, format } from 'date-fns';

/** A billing period (账期): calendar month "YYYY-MM" in the billing time zone. */
export type Period = string;

export const DEFAULT_BILLING_ZONE = 'Asia/Shanghai';

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Earliest year periodBounds accepts. */
export const MIN_PERIOD_YEAR = 1970;

export function isPeriod(text: string): text is Period {
  return PERIOD_PATTERN.test(text);
}

/** Half-open bounds [start, end) of a period, as UTC epoch milliseconds; independent of the host's TZ. */
export function periodBounds(period: Period, zone: string = DEFAULT_BILLING_ZONE): { startMs: number; endMs: number } {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new Error(`not a period (YYYY-MM): ${period}`);
  const year = Number(match[1]);
  // Date constructors read years 0–99 as 1900–1999, and zone offsets before 1970 include
  // local-mean-time seconds that zone arithmetic does not handle; neither is a billing period.
  if (year < MIN_PERIOD_YEAR) throw new Error(`period ${period} is before ${MIN_PERIOD_YEAR}-01; not supported`);
  const start = new TZDate(year, Number(match[2]) - 1, 1, zone);
  return { startMs: +start, endMs: +addMonths(start, 1) };
}

/** The period an instant falls in, in the billing zone. */
export function periodOf(instantMs: number, zone: string = DEFAULT_BILLING_ZONE): Period {
  return format(new Date(instantMs), 'yyyy-MM', { in: tz(zone) });
}

export function nextPeriod(period: Period): Period {
  return shiftPeriod(period, 1);
}

export function previousPeriod(period: Period): Period {
  return shiftPeriod(period, -1);
}

/** Pure month arithmetic on "YYYY-MM"; no time zone involved. */
export function shiftPeriod(period: Period, months: number): Period {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new Error(`not a period (YYYY-MM): ${period}`);
  if (!Number.isSafeInteger(months)) throw new Error(`period shift must be a whole number of months: ${months}`);
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + months;
  const year = Math.floor(index / 12);
  if (year < 0 || year > 9999) throw new Error(`period ${period} shifted by ${months} months is outside years 0000–9999`);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** ISO-8601 with an explicit offset or Z, e.g. 2026-10-03T08:15:00+08:00. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO-8601 timestamp that carries an offset; undefined for anything else (no guessing of zones). */
export function parseInstant(text: string): number | undefined {
  const t = text.trim();
  if (!ISO_WITH_OFFSET.test(t)) return undefined;
  const ms = Date.parse(t.replace(' ', 'T'));
  if (Number.isNaN(ms)) return undefined;
  // Reject calendar overflow such as 2026-02-30 that Date.parse would roll over.
  const [y, mo, d] = t.slice(0, 10).split('-').map(Number);
  const check = new Date(0);
  check.setUTCFullYear(y!, mo! - 1, d!); // not Date.UTC, which reads years 0–99 as 1900–1999
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d) return undefined;
  return ms;
}
