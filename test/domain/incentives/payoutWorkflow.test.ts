import { describe, expect, it } from 'vitest';
import { canFreeze, effectivePayoutStatus, lostAtMs, nextPayoutStatuses } from '../../../src/domain/incentives/payoutWorkflow';

describe('the incentive payout graph', () => {
  it('invoice review only for bank and platform_account; frozen returns where it was; paid and lost are final', () => {
    expect(nextPayoutStatuses('issued', 'bank')).toEqual(['applied']);
    expect(nextPayoutStatuses('applied', 'bank')).toEqual(['invoice_review']);
    expect(nextPayoutStatuses('applied', 'platform_account')).toEqual(['invoice_review']);
    expect(nextPayoutStatuses('applied', 'voucher_quota')).toEqual(['payment_review']);
    expect(nextPayoutStatuses('applied', 'platform_account_deferred_invoice')).toEqual(['payment_review']);
    expect(nextPayoutStatuses('payment_review', 'bank')).toEqual(['paid']);
    expect(nextPayoutStatuses('frozen', 'bank', 'invoice_review')).toEqual(['invoice_review']);
    expect(nextPayoutStatuses('paid', 'bank')).toEqual([]);
    expect(nextPayoutStatuses('lost', 'bank')).toEqual([]);
    expect(['issued', 'applied', 'invoice_review', 'payment_review'].every((s) => canFreeze(s as never))).toBe(true);
    expect(['paid', 'frozen', 'lost'].some((s) => canFreeze(s as never))).toBe(false);
  });

  it('is lost from the start of the day a year after the programme ended, in the billing zone, unless paid', () => {
    expect(new Date(lostAtMs('2026-11-30', 'Asia/Shanghai')!).toISOString()).toBe('2027-11-29T16:00:00.000Z');
    expect(new Date(lostAtMs('2024-02-29', 'UTC')!).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(lostAtMs('', 'UTC')).toBeUndefined();
    const lost = lostAtMs('2026-01-01', 'UTC')!;
    expect(effectivePayoutStatus('applied', lost - 1, lost)).toBe('applied');
    expect(effectivePayoutStatus('applied', lost, lost)).toBe('lost');
    expect(effectivePayoutStatus('frozen', lost, lost)).toBe('lost');
    expect(effectivePayoutStatus('paid', lost, lost)).toBe('paid');
    expect(effectivePayoutStatus('issued', lost, undefined)).toBe('issued');
  });
});
