import { tz } from '@date-fns/tz';
import { format } from 'date-fns';

/** A billing period (账期): calendar month "YYYY-MM" in the billing time zone. */
export type Period = string;

export const DEFAULT_BILLING_ZONE = 'Asia/Shanghai';

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The billing periods Reckon supports, first and last (inclusive); the one place that says so.
 * - From 1970-01: before 1970 the time-zone database gives many zones local-mean-time offsets
 *   with seconds, and Date.UTC reads years 0–99 as 1900–1999, so no bounds computed there
 *   would be a billing month.
 * - Up to 9999-12: a period is written with a four-digit year, so periods sort as text (the
 *   store and the rules compare them that way); 9999-12 still ends at an instant a Date holds.
 */
export const FIRST_SUPPORTED_PERIOD: Period = '1970-01';
export const LAST_SUPPORTED_PERIOD: Period = '9999-12';
export const SUPPORTED_PERIOD_RANGE = `${FIRST_SUPPORTED_PERIOD} to ${LAST_SUPPORTED_PERIOD}`;

/** "YYYY-MM" with a real month; says nothing about the supported range (see isSupportedPeriod). */
export function isPeriod(text: string): text is Period {
  return PERIOD_PATTERN.test(text);
}

/** A period inside the supported range: the only periods a command, a job or an input file may name. */
export function isSupportedPeriod(text: string): text is Period {
  return checkPeriod(text) === undefined;
}

/** What is wrong with a period value, as the end of a sentence about it; undefined when it is a supported period. */
export function checkPeriod(text: string): string | undefined {
  if (!isPeriod(text)) return 'is not a period: use YYYY-MM, e.g. 2026-10';
  // Four-digit years: text order is period order.
  if (text < FIRST_SUPPORTED_PERIOD || text > LAST_SUPPORTED_PERIOD) return `is outside the supported periods ${SUPPORTED_PERIOD_RANGE}`;
  return undefined;
}

/** Half-open bounds [start, end) of a period, as UTC epoch milliseconds; independent of the host's TZ. */
export function periodBounds(period: Period, zone: string = DEFAULT_BILLING_ZONE): { startMs: number; endMs: number } {
  const index = periodIndex(period);
  // Callers check input with checkPeriod first; this guards against wrong bounds, never input.
  if (period < FIRST_SUPPORTED_PERIOD) throw new Error(`period ${period} is before ${FIRST_SUPPORTED_PERIOD}; not supported`);
  const key = `${zone}|${period}`;
  let bounds = boundsCache.get(key);
  if (bounds === undefined) {
    bounds = { startMs: monthStartMs(index, zone), endMs: monthStartMs(index + 1, zone) };
    boundsCache.set(key, bounds);
  }
  return { ...bounds };
}

const boundsCache = new Map<string, { startMs: number; endMs: number }>();
const DAY_MS = 86_400_000;

/** Months since year 0 of a "YYYY-MM" period. */
function periodIndex(period: Period): number {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new Error(`not a period (YYYY-MM): ${period}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

/**
 * First instant of the month with the given index in `zone`: the earliest millisecond that
 * periodOf places in that month, found by bisection. Bounds and periodOf therefore agree by
 * construction, also where a zone's clocks jump over or repeat local midnight on the 1st
 * (e.g. Africa/Cairo 2014-08-01, where 00:00 does not exist): local-midnight arithmetic
 * such as addMonths would carry the 01:00 start into the next month.
 */
function monthStartMs(index: number, zone: string): number {
  const utcStart = Date.UTC(Math.floor(index / 12), index % 12, 1);
  let before = utcStart - 2 * DAY_MS; // still in the previous month in any zone (offsets are within ±26h)
  let atOrAfter = utcStart + 2 * DAY_MS; // already in this month or later
  while (atOrAfter - before > 1) {
    const mid = Math.floor((before + atOrAfter) / 2);
    if (periodIndexOf(mid, zone) >= index) atOrAfter = mid;
    else before = mid;
  }
  return atOrAfter;
}

function periodIndexOf(instantMs: number, zone: string): number {
  const text = periodOf(instantMs, zone);
  return Number(text.slice(0, -3)) * 12 + Number(text.slice(-2)) - 1;
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
  return parseCommonInstant(text) ?? parseAnyInstant(text);
}

const DIGIT_0 = 48;

/** The digits at text[from, from + count) as a number; -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Fast path of parseInstant for the shapes platform exports use, `YYYY-MM-DDTHH:MM:SS±HH:MM`
 * and `YYYY-MM-DDTHH:MM:SSZ` (T or a space), with every field in its ordinary range: computed
 * from the digits, no regular expression, no Date. Anything else (other shapes, surrounding
 * spaces, fractions, out-of-range fields) is undefined here and left to parseAnyInstant, so
 * parseInstant gives the same result as parseAnyInstant for every input (a property test holds
 * them side by side).
 */
export function parseCommonInstant(text: string): number | undefined {
  const length = text.length;
  if (length !== 25 && length !== 20) return undefined;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32)
    || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
    || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (length === 20) {
    if (text.charCodeAt(19) !== 90) return undefined; // Z
  } else {
    const sign = text.charCodeAt(19);
    if ((sign !== 43 && sign !== 45) || text.charCodeAt(22) !== 58) return undefined;
    const offsetHours = digitsAt(text, 20, 2);
    const offsetMins = digitsAt(text, 23, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return undefined;
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000;
}

/** The general form of parseInstant: any ISO-8601 shape it accepts (see ISO_WITH_OFFSET). */
export function parseAnyInstant(text: string): number | undefined {
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
