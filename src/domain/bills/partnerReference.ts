import type { Partner } from '../reference/types';

/**
 * A partner's reference data cannot give a bill: the partner tree it hangs in is broken. This is
 * a data error of one partner; the close parks that partner and finishes the others.
 */
export class PartnerDataError extends Error {
  override readonly name = 'PartnerDataError';

  constructor(readonly code: 'bill.partner_reference', readonly partnerId: string, message: string) {
    super(message);
  }
}

/**
 * Checks that `partnerId` hangs in a sound partner tree: a reseller's parent_partner_id names a
 * known partner, and no partner is its own ancestor (a loop would send a record to bills without
 * end). Only the chain above `partnerId` is walked, so one partner's bad row never fails another's.
 *
 * @example
 * checkPartnerReference([{ partnerId: 'R1', roles: ['reseller'], parentPartnerId: 'D9', … }], 'R1');
 * // throws PartnerDataError bill.partner_reference: R1 names parent D9, which is no known partner
 */
export function checkPartnerReference(partners: readonly Partner[], partnerId: string): void {
  const byId = new Map(partners.map((p) => [p.partnerId, p] as const));
  const partner = byId.get(partnerId);
  if (partner === undefined) return;
  if (partner.roles.includes('reseller') && partner.parentPartnerId !== '' && !byId.has(partner.parentPartnerId)) {
    throw new PartnerDataError('bill.partner_reference', partnerId,
      `partner ${partnerId} is a reseller whose parent_partner_id ${partner.parentPartnerId} names no known partner`);
  }
  const seen = new Set<string>();
  for (let current = partner; current.parentPartnerId !== ''; ) {
    if (current.parentPartnerId === partnerId) {
      throw new PartnerDataError('bill.partner_reference', partnerId,
        `partner ${partnerId} is its own ancestor (parent chain ${[partnerId, ...seen].join(' → ')} → ${partnerId})`);
    }
    // A loop above this partner (not through it) is that other partner's problem; stop walking.
    if (seen.has(current.parentPartnerId)) return;
    seen.add(current.parentPartnerId);
    const parent = byId.get(current.parentPartnerId);
    if (parent === undefined) return;
    current = parent;
  }
}
