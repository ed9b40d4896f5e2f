import { isSupportedPeriod, parseInstant } from '../period/period';

/**
 * Dates and times as the clouds' exports write them. A period label is taken as written (its
 * year and month, never shifted by a zone); an instant without a zone is UTC, as the FOCUS,
 * CUR, Azure and OCI documentation all state for their timestamps.
 */

/** `2024-09-01`, `2024-09-01 00:00:00`, `2024-09-01T00:00:00.000Z`, `2024-09-01T00:00-07:00` … */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** `9/1/2023`, `09/01/2023 13:05`, `9/1/2023 1:05:09 PM` (month/day/year, as US exports write it). */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/;
/** `2024-09` (a period written as such). */
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
/** `20240901` (a compact date, as CUR report paths and some exports write it). */
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  zone: string | undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function partsOf(text: string): DateParts | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso) {
    return {
      year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]),
      hour: Number(iso[4] ?? 0), minute: Number(iso[5] ?? 0), second: Number(iso[6] ?? 0), zone: iso[7],
    };
  }
  const us = US_DATE.exec(text);
  if (us) {
    let hour = Number(us[4] ?? 0);
    const meridiem = us[7]?.toUpperCase();
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
    }
    return { year: Number(us[3]), month: Number(us[1]), day: Number(us[2]), hour, minute: Number(us[5] ?? 0), second: Number(us[6] ?? 0), zone: undefined };
  }
  const compact = COMPACT_DATE.exec(text);
  if (compact) return { year: Number(compact[1]), month: Number(compact[2]), day: Number(compact[3]), hour: 0, minute: 0, second: 0, zone: undefined };
  return undefined;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

/**
 * The billing period (`YYYY-MM`) a date or timestamp cell names, as written: `2024-09-01 00:00:00`,
 * `2024-09-01T00:00:00Z`, `2024-08-31T17:00:00-07:00` (2024-08: the label, not the instant),
 * `9/1/2023` (month/day/year), `20240901`, `2024-09`. Undefined when the cell is none of these,
 * names an impossible day, or a period outside the supported range.
 */
export function periodAsWritten(text: string): string | undefined {
  const ym = YEAR_MONTH.exec(text);
  const period = ym ? `${ym[1]}-${ym[2]}` : periodOfParts(partsOf(text));
  return period !== undefined && isSupportedPeriod(period) ? period : undefined;
}

function periodOfParts(parts: DateParts | undefined): string | undefined {
  if (parts === undefined || !validDay(parts.year, parts.month, parts.day)) return undefined;
  return `${pad(parts.year, 4)}-${pad(parts.month)}`;
}

/**
 * UTC epoch ms of a timestamp cell: ISO-8601 with or without seconds, fraction or zone (no zone =
 * UTC), a date alone (midnight UTC), or a US month/day/year date with an optional time.
 * Undefined when it is none of these or not a real time.
 */
export function exportInstant(text: string): number | undefined {
  const withOffset = parseInstant(text);
  if (withOffset !== undefined) return withOffset;
  const parts = partsOf(text);
  if (parts === undefined || !validDay(parts.year, parts.month, parts.day)) return undefined;
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return undefined;
  if (parts.zone !== undefined) return undefined; // an offset parseInstant refused (e.g. +25:00)
  const iso = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}Z`;
  return parseInstant(iso);
}

/** The start of an interval cell `start/end` (CUR's identity/TimeInterval), or the cell itself. */
export function intervalStart(text: string): string {
  const slash = text.indexOf('/');
  return slash > 0 && !US_DATE.test(text) ? text.slice(0, slash) : text;
}
