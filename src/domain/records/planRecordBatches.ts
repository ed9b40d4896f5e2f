/**
 * Groups customers into read batches of at most `maxRows` records so that a partner with
 * millions of records is read in bounded memory, and a partner with many small customers
 * is read in few queries. A customer bigger than `maxRows` gets a batch of its own, which the
 * reader pages through.
 */
export interface CustomerCount {
  customerId: string;
  rows: number;
}

export interface RecordBatch {
  customerIds: string[];
  rows: number;
}

export function planRecordBatches(counts: readonly CustomerCount[], maxRows: number, maxCustomers = 400): RecordBatch[] {
  const sorted = [...counts].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const batches: RecordBatch[] = [];
  let current: RecordBatch = { customerIds: [], rows: 0 };
  for (const c of sorted) {
    if (c.rows === 0) continue;
    const full = current.rows + c.rows > maxRows || current.customerIds.length >= maxCustomers;
    if (full && current.customerIds.length > 0) {
      batches.push(current);
      current = { customerIds: [], rows: 0 };
    }
    current.customerIds.push(c.customerId);
    current.rows += c.rows;
  }
  if (current.customerIds.length > 0) batches.push(current);
  return batches;
}
