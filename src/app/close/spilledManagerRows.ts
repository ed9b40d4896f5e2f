import type { SpillArea, SpillBucket } from '../../adapters/output/spillSort';
import { ManagerPartials, managerViewOfRows, type ManagerRows, type ManagerView } from '../../domain/managers/managerCustomers';
import type { RoundingPolicy } from '../../domain/money/rounding';
import type { BillRecord } from '../../domain/records/types';
import type { Association } from '../../domain/reference/types';
import { compareText } from '../../domain/text/compareText';

/** Lines (customer × service per manager) summed in memory before they are handed to the spill area. */
export const MANAGER_LINES_HELD = 20_000;

/**
 * The customer-manager views' lines of a close in bounded memory: records are summed per line
 * in memory (ManagerPartials); beyond `linesHeld` lines, the partial sums go to one spill
 * bucket per manager (sorted runs on disk once the area is full) and summing starts again. A
 * manager's view merges their partial rows back, one manager at a time.
 */
export class SpilledManagerRows implements ManagerRows {
  private readonly partials = new ManagerPartials();
  private readonly buckets = new Map<string, SpillBucket>();

  constructor(private readonly area: SpillArea, private readonly linesHeld = MANAGER_LINES_HELD) {}

  add(record: BillRecord, association: Association): void {
    this.partials.add(record, association);
    if (this.partials.size >= this.linesHeld) for (const [manager, row] of this.partials.drain()) this.bucketOf(manager).add(row);
  }

  managers(): string[] {
    return [...new Set([...this.buckets.keys(), ...this.partials.managers()])].sort(compareText);
  }

  take(manager: string, period: string, revision: number, policy?: RoundingPolicy): ManagerView {
    const bucket = this.bucketOf(manager);
    for (const row of this.partials.takeRows(manager)) bucket.add(row);
    this.buckets.delete(manager);
    return managerViewOfRows(manager, bucket.sorted(), period, revision, policy);
  }

  private bucketOf(manager: string): SpillBucket {
    let bucket = this.buckets.get(manager);
    if (bucket === undefined) {
      bucket = this.area.bucket();
      this.buckets.set(manager, bucket);
    }
    return bucket;
  }
}
