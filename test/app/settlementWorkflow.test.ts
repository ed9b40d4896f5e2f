import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendSettlementTransition, ConcurrentTransitionError, loadSettlementHistory } from '../../src/adapters/store/settlementAudit';
import {
  advanceSettlement, listSettlements, settlementHistory, SettlementWorkflowError, type AdvanceSettlementInput,
} from '../../src/app/settlementWorkflow';
import type { SettlementStatus } from '../../src/domain/marketplace/settlementWorkflow';
import { storeSettlements } from '../helpers/settlementFixtures';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

let store: TestDatabase;
const id = (period: string, seller: string, currency = 'CNY'): string => `S-${period}-r1-${currency}-${seller}`;
let clock = Date.parse('2026-11-10T02:00:00.000Z');
/** Each advance one minute after the previous one. */
const move = (statementId: string, to: SettlementStatus, extra: Partial<AdvanceSettlementInput> = {}) =>
  advanceSettlement(store.db, { statementId, to, by: 'alice', at: new Date((clock += 60_000)), ...extra });
const auditRows = async (): Promise<number> => Number((await store.db.knex('settlement_audit').count({ n: '*' }))[0]!.n);
const statementsSnapshot = async (): Promise<string> =>
  JSON.stringify(await store.db.knex('statements').orderBy('id').select('*'));

beforeAll(async () => {
  store = await openTestDatabase('settlement-workflow');
  await storeSettlements(store.db, '2026-10', [
    { sellerId: 'M-GEN', product_class: 'generic', paidCents: 200_000_00, sellerName: '通用商家' },
    { sellerId: 'M-JNT', product_class: 'joint', paidCents: 300_000_00 },
    { sellerId: 'M-CUR', product_class: 'curated', paidCents: 50_000_00, currency: 'USD' },
    { sellerId: 'M-CUR', product_class: 'curated', paidCents: 150_000_00 },
    { sellerId: 'M-LOW', product_class: 'platform', paidCents: 500_00 },
    { sellerId: 'M-REJ', product_class: 'generic', paidCents: 120_000_00 },
    { sellerId: 'M-RACE', product_class: 'generic', paidCents: 120_000_00 },
    { sellerId: 'M-RACE2', product_class: 'generic', paidCents: 120_000_00 },
  ]);
  await storeSettlements(store.db, '2026-09', [{ sellerId: 'M-GEN', product_class: 'generic', paidCents: 180_000_00 }]);
  // A period whose close has not finished: its statements are not in the workflow yet.
  await storeSettlements(store.db, '2026-11', [{ sellerId: 'M-GEN', product_class: 'generic', paidCents: 180_000_00 }], { close: false });
});
afterAll(async () => {
  await store.cleanup();
});

describe('settlement workflow use cases', () => {
  it('lists the settlements of closed periods by period, seller, currency, all billed at first', async () => {
    const list = await listSettlements(store.db);
    expect(list.map((s) => s.statementId)).toEqual([
      id('2026-09', 'M-GEN'),
      id('2026-10', 'M-CUR'), id('2026-10', 'M-CUR', 'USD'), id('2026-10', 'M-GEN'), id('2026-10', 'M-JNT'),
      id('2026-10', 'M-LOW'), id('2026-10', 'M-RACE'), id('2026-10', 'M-RACE2'), id('2026-10', 'M-REJ'),
    ]);
    expect(list.every((s) => s.status === 'billed')).toBe(true);
    expect(list.find((s) => s.statementId === id('2026-10', 'M-JNT'))).toEqual({
      statementId: id('2026-10', 'M-JNT'), period: '2026-10', revision: 1, sellerId: 'M-JNT', sellerName: '', currency: 'CNY',
      payable: '270000.00', carriedForward: '0.00', invoiceRequired: true, status: 'billed',
    });
    const low = list.find((s) => s.sellerId === 'M-LOW')!;
    expect(low).toMatchObject({ payable: '0.00', carriedForward: '450.00', invoiceRequired: false });
    expect(list.find((s) => s.statementId === id('2026-10', 'M-GEN'))).toMatchObject({ sellerName: '通用商家', invoiceRequired: false });
  });

  it('filters by period and by current status', async () => {
    expect((await listSettlements(store.db, { period: '2026-09' })).map((s) => s.statementId)).toEqual([id('2026-09', 'M-GEN')]);
    expect(await listSettlements(store.db, { period: '2026-11' })).toEqual([]);
    await move(id('2026-09', 'M-GEN'), 'countersigning');
    expect((await listSettlements(store.db, { status: 'countersigning' })).map((s) => s.statementId)).toEqual([id('2026-09', 'M-GEN')]);
    expect(await listSettlements(store.db, { period: '2026-10', status: 'countersigning' })).toEqual([]);
    expect((await listSettlements(store.db, { period: '2026-09', status: 'billed' }))).toEqual([]);
  });

  it('takes a statement without a merchant invoice through billed → countersigning → countersigned → payment_review → paid', async () => {
    const sid = id('2026-10', 'M-GEN');
    const before = await statementsSnapshot();
    const steps: SettlementStatus[] = ['countersigning', 'countersigned', 'payment_review', 'paid'];
    let from: SettlementStatus = 'billed';
    for (const to of steps) {
      const r = await move(sid, to, { by: '  bob  ' });
      expect(r.transition).toMatchObject({ statementId: sid, from, to, actor: 'bob', reason: '' });
      expect(r.settlement.status).toBe(to);
      from = to;
    }
    expect((await listSettlements(store.db, { status: 'paid' })).map((s) => s.statementId)).toEqual([sid]);
    // Advancing writes the audit log only: every stored statement keeps its bytes (amounts and the issued status).
    expect(await statementsSnapshot()).toBe(before);
    const { settlement } = await settlementHistory(store.db, sid);
    expect(settlement).toMatchObject({ status: 'paid', payable: '180000.00' });
  });

  it('takes a statement with a merchant invoice through the invoice steps, and refuses skipping them', async () => {
    const sid = id('2026-10', 'M-JNT');
    await move(sid, 'countersigning');
    const r = await move(sid, 'countersigned');
    expect(r.next).toEqual(['invoice_pending']);
    await expect(move(sid, 'payment_review')).rejects.toMatchObject({
      code: 'settlement.transition', allowed: ['invoice_pending'],
      message: `${sid}: a settlement with a merchant invoice cannot go from countersigned to payment_review (allowed: invoice_pending)`,
    });
    for (const to of ['invoice_pending', 'invoice_review', 'payment_review', 'paid'] as const) await move(sid, to);
    expect((await settlementHistory(store.db, sid)).transitions.map((t) => t.to)).toEqual([
      'countersigning', 'countersigned', 'invoice_pending', 'invoice_review', 'payment_review', 'paid',
    ]);
  });

  it('a refused transition writes nothing; nothing leaves paid; the invoice steps are refused without an invoice', async () => {
    const rows = await auditRows();
    await expect(move(id('2026-10', 'M-CUR'), 'countersigned')).rejects.toMatchObject({ code: 'settlement.transition', allowed: ['countersigning'] });
    await expect(move(id('2026-10', 'M-GEN'), 'billed')).rejects.toThrow(/no transition leaves paid/);
    await move(id('2026-10', 'M-LOW'), 'countersigning');
    await move(id('2026-10', 'M-LOW'), 'countersigned');
    // M-LOW's share stayed below the threshold: payable 0.00, so countersigned is its last status.
    for (const to of ['invoice_pending', 'payment_review', 'paid'] as const) {
      await expect(move(id('2026-10', 'M-LOW'), to)).rejects.toThrow(
        `a settlement with nothing to pay cannot go from countersigned to ${to} (it has nothing to pay (payable 0.00): countersigned is its last status)`);
    }
    expect(await auditRows()).toBe(rows + 2);
  });

  it('a rejection needs a reason; a rejected statement is resubmitted to countersigning', async () => {
    const sid = id('2026-10', 'M-REJ');
    await move(sid, 'countersigning');
    const rows = await auditRows();
    for (const reason of [undefined, '', '   ']) {
      await expect(move(sid, 'rejected', { reason })).rejects.toMatchObject({ code: 'settlement.reason_required' });
    }
    expect(await auditRows()).toBe(rows);
    await move(sid, 'rejected', { by: 'merchant M-REJ', reason: 'platform fee rate disputed' });
    await expect(move(sid, 'countersigned')).rejects.toMatchObject({ allowed: ['countersigning'] });
    await move(sid, 'countersigning', { reason: 'rate confirmed with the merchant' });
    await move(sid, 'countersigned');
    const { transitions } = await settlementHistory(store.db, sid);
    expect(transitions.map((t) => [t.seq, t.from, t.to, t.actor, t.reason])).toEqual([
      [1, 'billed', 'countersigning', 'alice', ''],
      [2, 'countersigning', 'rejected', 'merchant M-REJ', 'platform fee rate disputed'],
      [3, 'rejected', 'countersigning', 'alice', 'rate confirmed with the merchant'],
      [4, 'countersigning', 'countersigned', 'alice', ''],
    ]);
    // Oldest first, ISO 8601 UTC.
    const times = transitions.map((t) => t.at);
    expect(times.every((t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(t))).toBe(true);
    expect([...times].sort()).toEqual(times);
  });

  it('refuses an unknown statement, a statement of an unfinished close, and a blank actor, naming what is wrong', async () => {
    for (const unknown of ['S-2026-10-r1-CNY-NOPE', 'nonsense', id('2026-11', 'M-GEN'), 'S-2026-10-r2-CNY-M-GEN']) {
      await expect(move(unknown, 'countersigning')).rejects.toMatchObject({ code: 'settlement.unknown_statement', message: expect.stringContaining(`"${unknown}"`) });
      await expect(settlementHistory(store.db, unknown)).rejects.toBeInstanceOf(SettlementWorkflowError);
    }
    await expect(move(id('2026-10', 'M-CUR'), 'countersigning', { by: ' ' })).rejects.toMatchObject({ code: 'settlement.actor_required' });
    expect(await loadSettlementHistory(store.db, id('2026-10', 'M-CUR'))).toEqual([]);
  });

  it('two advances from the same status: the unique (statement, seq) lets one land and refuses the other as a concurrent change', async () => {
    const sid = id('2026-10', 'M-RACE');
    const base = { statementId: sid, afterSeq: 0, from: 'billed', to: 'countersigning', reason: '', at: '2026-11-10T03:00:00.000Z' } as const;
    await appendSettlementTransition(store.db, { ...base, actor: 'alice' });
    const lost = appendSettlementTransition(store.db, { ...base, actor: 'bob' });
    await expect(lost).rejects.toBeInstanceOf(ConcurrentTransitionError);
    await expect(lost).rejects.toThrow(`settlement ${sid} changed concurrently, try again`);
    expect((await loadSettlementHistory(store.db, sid)).map((t) => t.actor)).toEqual(['alice']);

    // Through the use case, racing: exactly one lands, the other is refused (as a concurrent change or, if it read after the first landed, by the graph).
    const sid2 = id('2026-10', 'M-RACE2');
    await move(sid2, 'countersigning');
    const results = await Promise.allSettled([
      move(sid2, 'countersigned', { by: 'carol' }),
      move(sid2, 'rejected', { by: 'dave', reason: 'wrong seller' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(String((refused as PromiseRejectedResult).reason?.message)).toMatch(/changed concurrently, try again|cannot go from (countersigned|rejected)/);
    expect(await loadSettlementHistory(store.db, sid2)).toHaveLength(2);
  });
});
