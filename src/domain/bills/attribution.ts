import type { Association } from '../reference/types';
import { compareText } from '../text/compareText';

/**
 * Associations grouped per customer, each group ordered so that the first covering entry is
 * the deterministic winner: latest `validFromMs` first, then `partnerId` ascending (then the
 * remaining fields, so that even exact duplicates order the same way on every run).
 */
export interface AssociationIndex {
  readonly byCustomer: ReadonlyMap<string, readonly Association[]>;
}

/** Two associations of one customer whose windows share at least one instant. */
export interface AssociationOverlap {
  customerId: string;
  first: Association;
  second: Association;
  /** Start of the shared window (UTC ms, inclusive). */
  overlapFromMs: number;
  /** End of the shared window (UTC ms, exclusive); undefined = open. */
  overlapToMs: number | undefined;
}

function endOf(a: Association): number {
  return a.validToMs ?? Number.POSITIVE_INFINITY;
}

/** Winner order: latest validFrom, then partnerId, then the other fields for total determinism. */
function compareForAttribution(a: Association, b: Association): number {
  return (
    b.validFromMs - a.validFromMs ||
    compareText(a.partnerId, b.partnerId) ||
    compareText(a.associationType, b.associationType) ||
    endOf(a) - endOf(b) ||
    compareText(a.accountManagerId, b.accountManagerId)
  );
}

/**
 * Groups associations per customer once, so that attributing millions of records costs a
 * map look-up and a scan of that customer's (few) windows each.
 */
export function buildAssociationIndex(associations: readonly Association[]): AssociationIndex {
  const byCustomer = new Map<string, Association[]>();
  for (const a of associations) {
    const list = byCustomer.get(a.customerId);
    if (list) list.push(a);
    else byCustomer.set(a.customerId, [a]);
  }
  for (const list of byCustomer.values()) list.sort(compareForAttribution);
  return { byCustomer };
}

function covers(a: Association, instantMs: number): boolean {
  return a.validFromMs <= instantMs && (a.validToMs === undefined || instantMs < a.validToMs);
}

/**
 * The association a record belongs to (DOMAIN §1): the one whose half-open window
 * [validFrom, validTo) covers the record's trade time. Overlapping windows are a data problem
 * reported by {@link findAssociationOverlaps}; here the latest-starting one wins, ties by
 * partner id, so the answer never depends on input order.
 */
export function attributeRecord(index: AssociationIndex, customerId: string, tradeTimeMs: number): Association | undefined {
  const list = index.byCustomer.get(customerId);
  if (!list) return undefined;
  for (const a of list) if (covers(a, tradeTimeMs)) return a;
  return undefined;
}

/**
 * Every pair of one customer's associations whose windows overlap (a customer belongs to at
 * most one partner at any instant, DOMAIN §1). Sorted by customer, then by overlap start,
 * then by the two partner ids.
 */
export function findAssociationOverlaps(index: AssociationIndex): AssociationOverlap[] {
  const overlaps: AssociationOverlap[] = [];
  const customers = [...index.byCustomer.keys()].sort(compareText);
  for (const customerId of customers) {
    const list = [...(index.byCustomer.get(customerId) ?? [])].sort((a, b) => a.validFromMs - b.validFromMs || compareForAttribution(a, b));
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const first = list[i]!;
        const second = list[j]!;
        if (second.validFromMs >= endOf(first)) continue;
        const end = Math.min(endOf(first), endOf(second));
        overlaps.push({
          customerId,
          first,
          second,
          overlapFromMs: second.validFromMs,
          overlapToMs: Number.isFinite(end) ? end : undefined,
        });
      }
    }
  }
  return overlaps;
}
