import { tz } from '@date-fns/tz';
import { format } from 'date-fns';

/** "2026-12-05 12:00:00 +08:00 (2026-12-05T04:00:00Z)": an instant in a zone and in UTC, for operators. */
export function describeInstant(ms: number, zone: string): string {
  const local = format(new Date(ms), 'yyyy-MM-dd HH:mm:ss xxx', { in: tz(zone) });
  return `${local} ${zone} (${new Date(ms).toISOString().replace('.000Z', 'Z')})`;
}

/** True for an IANA zone name the runtime knows; Intl throws a RangeError for others. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone !== '';
  } catch {
    return false;
  }
}
