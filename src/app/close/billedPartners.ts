import type { Association, ReferenceData } from '../../domain/reference/types';

/**
 * Partners that get a partner bill: distributors, resellers, and any partner with a resale
 * association (a solution provider may also resell). Sorted, so fan-out order is stable.
 */
export function billedPartnerIds(reference: ReferenceData): string[] {
  const ids = new Set<string>();
  for (const p of reference.partners) {
    if (p.roles.includes('distributor') || p.roles.includes('reseller')) ids.add(p.partnerId);
  }
  for (const a of reference.associations) if (a.associationType === 'resale') ids.add(a.partnerId);
  return [...ids].sort();
}

/** Customers ever associated with one of `partnerIds`: the only ones whose records can land on their bills. */
export function customersOf(associations: readonly Association[], partnerIds: ReadonlySet<string>): string[] {
  const customers = new Set<string>();
  for (const a of associations) if (partnerIds.has(a.partnerId)) customers.add(a.customerId);
  return [...customers].sort();
}
