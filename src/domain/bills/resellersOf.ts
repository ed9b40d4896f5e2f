import type { Partner } from '../reference/types';

/**
 * The resellers of a distributor: partners with the reseller role whose parent_partner_id is
 * `partnerId` (their resale customers are also on the distributor's bill). The one definition
 * both the bill builder and the record routing of a close use, so a record is never routed to
 * a bill that would refuse it. Sorted.
 */
export function resellersOf(partners: readonly Partner[], partnerId: string): string[] {
  return partners
    .filter((p) => p.parentPartnerId === partnerId && p.partnerId !== partnerId && p.roles.includes('reseller'))
    .map((p) => p.partnerId)
    .sort();
}
