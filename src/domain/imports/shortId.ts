import { hash } from 'node:crypto';
import { codePointLength, MAX_ID_LENGTH } from '../ingest/RowReader';

/** Code points of a shortened id kept from the start, so that people still recognise it. */
const KEPT = MAX_ID_LENGTH - 17;

/**
 * An export's id as a Reckon id (at most MAX_ID_LENGTH code points, DOMAIN §1): unchanged when it
 * fits, else its first 47 code points, `~` and 16 hex digits of the SHA-256 of the whole id
 * (an OCI compartment OCID is about 80 characters). The same id always gives the same result, so
 * associations.csv names such a customer by the shortened id (`reckon import` writes it).
 */
export function shortId(id: string): string {
  if (id.length <= MAX_ID_LENGTH || codePointLength(id) <= MAX_ID_LENGTH) return id;
  return shortenedId(id, id);
}

/** `id`'s first 47 code points, `~` and 16 hex of the SHA-256 of `identity` (the whole id, or the id with what makes it unique). */
export function shortenedId(id: string, identity: string): string {
  return `${Array.from(id).slice(0, KEPT).join('')}~${hash('sha256', identity, 'hex').slice(0, 16)}`;
}
