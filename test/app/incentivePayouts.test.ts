import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/app/config';
import {
  advancePayout, applyForPayout, freezePayout, listPayouts, payoutHistory, PayoutWorkflowError, type PayoutMove,
} from '../../src/app/incentivePayouts';
import { ingestDelivery } from '../../src/app/ingestDelivery';
import type { PayoutStatus } from '../../src/domain/incentives/payoutWorkflow';
import { runCloseInline } from '../../jobs/inlineRunner';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/** The incentive-tiers golden case closed for real: S1 (bank, payable 1316.69) and S2 (platform_account, 1125.76). */
const CASE = join(__dirname, '../../fixtures/cases/incentive-tiers/input');
const ZONE = 'Asia/Shanghai';
const S1 = 'I-2026-10-r1-CNY-S1';
const S2 = 'I-2026-10-r1-CNY-S2';
const temp = makeTempDir('payouts');
let store: TestDatabase;
let clock = Date.parse('2026-11-10T02:00:00.000Z');
const at = (): Date => new Date((clock += 60_000));
const by = (statementId: string, extra: Partial<PayoutMove> = {}): PayoutMove => ({ statementId, by: 'alice', at: at(), zone: ZONE, ...extra });
const statusOf = async (id: string): Promise<PayoutStatus | undefined> =>
  (await listPayouts(store.db, { now: new Date(clock), zone: ZONE })).find((p) => p.statementId === id)?.status;

beforeAll(async () => {
  store = await openTestDatabase('incentive-payouts');
  const outcome = await runCloseInline({ period: '2026-10', inputDir: CASE, outDir: join(temp.dir, 'out') },
    { db: store.db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined });
  expect(outcome.status).toBe('closed');
});
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

describe('incentive payouts (申付)', () => {
  it('lists the incentives of closed periods, issued, with payable and the partner\'s payout method', async () => {
    const list = await listPayouts(store.db, { now: new Date(clock), zone: ZONE });
    expect(list.map((p) => [p.statementId, p.payable, p.payoutMethod, p.status, p.lostAt])).toEqual([
      [S1, '1316.69', 'bank', 'issued', undefined], [S2, '1125.76', 'platform_account', 'issued', undefined],
    ]);
  });

  it('bank: apply (method fixed) → invoice_review → payment_review → paid; nothing skips a step or leaves paid', async () => {
    await expect(advancePayout(store.db, { ...by(S1), to: 'payment_review' })).rejects.toThrow(/apply for it first/);
    const applied = await applyForPayout(store.db, by(S1));
    expect(applied.transition).toMatchObject({ from: 'issued', to: 'applied', payoutMethod: 'bank' });
    expect(applied.next).toEqual(['invoice_review']);
    await expect(applyForPayout(store.db, { ...by(S1), method: 'voucher_quota' })).rejects.toMatchObject({ code: 'incentive.transition' });
    await expect(advancePayout(store.db, { ...by(S1), to: 'payment_review' })).rejects.toThrow(
      `${S1}, paid by bank (invoice reviewed), cannot go from applied to payment_review (allowed: invoice_review)`);
    for (const to of ['invoice_review', 'payment_review', 'paid'] as const) await advancePayout(store.db, { ...by(S1), to });
    expect(await statusOf(S1)).toBe('paid');
    await expect(freezePayout(store.db, by(S1, { reason: 'late' }))).rejects.toThrow(/cannot be frozen: it is paid/);
    const history = await payoutHistory(store.db, S1, { now: new Date(clock), zone: ZONE });
    expect(history.transitions.map((t) => [t.from, t.to, t.actor, t.payoutMethod])).toEqual([
      ['issued', 'applied', 'alice', 'bank'], ['applied', 'invoice_review', 'alice', 'bank'],
      ['invoice_review', 'payment_review', 'alice', 'bank'], ['payment_review', 'paid', 'alice', 'bank'],
    ]);
  });

  it('a method chosen at application is kept: voucher quota skips invoice review; a freeze needs a reason and returns where it was', async () => {
    await applyForPayout(store.db, { ...by(S2), method: 'voucher_quota' });
    await expect(freezePayout(store.db, by(S2))).rejects.toMatchObject({ code: 'incentive.reason_required' });
    const frozen = await freezePayout(store.db, by(S2, { reason: 'tax certificate missing' }));
    expect(frozen.next).toEqual(['applied']);
    await expect(advancePayout(store.db, { ...by(S2), to: 'payment_review' })).rejects.toThrow(/cannot go from frozen to payment_review \(allowed: applied\)/);
    await advancePayout(store.db, { ...by(S2), to: 'applied', reason: 'certificate received' });
    const next = await advancePayout(store.db, { ...by(S2), to: 'payment_review' });
    expect(next.transition.payoutMethod).toBe('voucher_quota');
    expect(await statusOf(S2)).toBe('payment_review');
  });

  it('refuses a statement that does not exist, a move without who, and a nothing-to-pay incentive', async () => {
    await expect(applyForPayout(store.db, by('I-2026-10-r1-CNY-NOPE'))).rejects.toMatchObject({ code: 'incentive.unknown_statement' });
    await expect(applyForPayout(store.db, { ...by(S1), by: ' ' })).rejects.toMatchObject({ code: 'incentive.actor_required' });
    expect(new PayoutWorkflowError('incentive.not_payable', 'x').code).toBe('incentive.not_payable');
  });

  it('is lost one year after the partner left the programme, unless paid', async () => {
    const reference = join(temp.dir, 'programme-end');
    cpSync(join(CASE, 'reference'), join(reference, 'reference'), { recursive: true });
    writeFileSync(join(reference, 'reference', 'partners.csv'), [
      'partner_id,name,roles,parent_partner_id,currency,payout_method,invoice_tax_rate,invoice_content,signing_entity,programme_end',
      'S1,Sigma Solutions,solution_provider,,CNY,bank,0.06,信息技术服务-信息系统服务,Platform Cloud Computing Co. Ltd,2026-11-30',
      'S2,Tau Technology,solution_provider,,CNY,platform_account,0.03,信息技术服务-技术服务费,Platform Cloud Computing Co. Ltd,2026-11-30',
    ].join('\n'));
    await ingestDelivery(store.db, reference, { zone: ZONE, files: ['reference/partners.csv'] });
    const before = await listPayouts(store.db, { now: new Date('2027-11-29T15:59:59Z'), zone: ZONE });
    expect(before.map((p) => [p.statementId, p.status, p.lostAt])).toEqual([
      [S1, 'paid', '2027-11-30T00:00:00+08:00'], [S2, 'payment_review', '2027-11-30T00:00:00+08:00'],
    ]);
    const after = await listPayouts(store.db, { now: new Date('2027-11-29T16:00:00Z'), zone: ZONE });
    expect(after.map((p) => p.status)).toEqual(['paid', 'lost']);
    await expect(advancePayout(store.db, { ...by(S2), to: 'paid', at: new Date('2027-12-01T00:00:00Z') })).rejects.toMatchObject({ code: 'incentive.lost' });
  });
});
