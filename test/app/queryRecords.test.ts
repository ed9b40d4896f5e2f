import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/store/openDatabase';
import { DEFAULT_CONFIG } from '../../src/app/config';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import { queryRecords, type RecordFilters } from '../../src/app/queryRecords';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

let store: TestDatabase;
let db: Database;

beforeAll(async () => {
  store = await openTestDatabase('records');
  db = store.db;
  await ingestDelivery(db, join(__dirname, '../../fixtures/cases/basic-resale/input'), { periodHint: '2026-10', zone: DEFAULT_CONFIG.zone });
});
afterAll(async () => {
  await store.cleanup();
});

async function ids(filters: Partial<RecordFilters>): Promise<string[]> {
  const found: string[] = [];
  await queryRecords(db, { period: '2026-10', ...filters }, (v) => found.push(v.record.recordId));
  return found.sort();
}

describe('reckon records: the detail filters of a partner bill', () => {
  it('each filter narrows to exactly the matching records', async () => {
    expect(await ids({})).toEqual(['F1', 'R1', 'R2', 'R3', 'R4', 'R5']);
    expect(await ids({ customerId: 'C2' })).toEqual(['R3', 'R4']);
    expect(await ids({ tradeId: 'ORD-1' })).toEqual(['R1']);
    expect(await ids({ serviceTypeCode: 'hws.service.type.ebs' })).toEqual(['R2', 'R3']);
    expect(await ids({ regionCode: 'cn-east-3' })).toEqual(['R3', 'R4']);
    expect(await ids({ chargingMode: 3 })).toEqual(['R2', 'R3', 'R5']);
    expect(await ids({ billType: 4 })).toEqual(['F1']);
    expect(await ids({ resource: 'no-such-resource' })).toEqual([]);
    expect(await ids({ accountName: 'no-such-account' })).toEqual([]);
    expect(await ids({ regionCode: 'cn-east-3', chargingMode: 3, serviceTypeCode: 'hws.service.type.ebs' })).toEqual(['R3']);
    expect(await ids({ associationType: 'referral' })).toEqual(['R5']);
    expect(await ids({ associationType: 'resale', customerId: 'C1' })).toEqual(['F1', 'R1', 'R2']);
    expect(await ids({ accountManagerId: 'M2' })).toEqual(['R3', 'R4']);
    expect(await ids({ kind: 'refund' })).toEqual(['F1']);
    expect(await ids({ partnerId: 'P1', kind: 'consumption', billType: 1 })).toEqual(['R1', 'R4']);
    expect(await ids({ period: '2026-11' })).toEqual([]);
  });

  it('stops at the limit', async () => {
    expect(await ids({ limit: 2 })).toHaveLength(2);
  });
});
