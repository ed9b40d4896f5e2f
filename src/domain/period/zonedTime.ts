import { tz } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * An instant as people of the billing zone read it: ISO-8601 with the zone's offset
 * (`2026-10-01T08:00:00+08:00`; milliseconds only when there are some). The store keeps UTC;
 * only what is shown or exported for people is written this way.
 */
export function isoInZone(ms: number, zone: string): string {
  const pattern = ms % 1000 === 0 ? "yyyy-MM-dd'T'HH:mm:ssxxx" : "yyyy-MM-dd'T'HH:mm:ss.SSSxxx";
  return format(new Date(ms), pattern, { in: tz(zone) });
}

/** A stored ISO timestamp (UTC) shown in the zone; text that is not a timestamp is shown as it is. */
export function isoTextInZone(text: string, zone: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : isoInZone(ms, zone);
}
