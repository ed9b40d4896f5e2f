import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpillArea } from '../../src/adapters/output/spillSort';
import { SpilledManagerRows } from '../../src/app/close/spilledManagerRows';
import { ManagerCustomerSums } from '../../src/domain/managers/managerCustomers';
import type { BillRecord } from '../../src/domain/records/types';
import { adjustment, association, fee } from '../domain/bills/billFixtures';

describe('customer-manager rows spilled to temp files', () => {
  it('give the same views as lines held in memory, whatever the lines held and the spill limit (property)', () => {
    const record = fc.record({
      customer: fc.constantFrom('C1', 'C10', 'C2', '客户', 'C1\n'), manager: fc.constantFrom('', 'AM-1', 'AM-2', 'am-1'),
      currency: fc.constantFrom('CNY', 'USD'), service: fc.constantFrom('ec2', 'obs'), kind: fc.constantFrom('consumption', 'refund', 'adjustment'),
      amount: fc.integer({ min: -100_000, max: 100_000 }).map((n) => (n / 100).toFixed(2)), name: fc.constantFrom('', 'Acme', '甲'),
      time: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(fc.property(fc.array(record, { maxLength: 80 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), (rows, limit, linesHeld) => {
      const memory = new ManagerCustomerSums();
      const area = new SpillArea(limit);
      try {
        const spilled = new SpilledManagerRows(area, linesHeld);
        for (const r of rows) {
          const rec: BillRecord = r.kind === 'adjustment'
            ? adjustment(r.customer, 'charge', r.amount, r.currency)
            : { ...fee({ customerId: r.customer, customerName: r.name, kind: r.kind as 'consumption' | 'refund', payable: r.amount, serviceTypeCode: r.service, currency: r.currency }), tradeTimeMs: r.time };
          const a = { ...association(r.customer, 'P1'), accountManagerId: r.manager };
          memory.add(rec, a);
          spilled.add(rec, a);
        }
        expect(spilled.managers()).toEqual(memory.managers());
        for (const m of memory.managers()) expect(spilled.take(m, '2026-10', 1)).toEqual(memory.take(m, '2026-10', 1));
      } finally {
        area.close();
      }
    }), { numRuns: 100 });
  });
});
