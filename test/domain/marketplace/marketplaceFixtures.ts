import type { FeeAmounts, FeeRecord } from '../../../src/domain/records/types';

const ZERO: FeeAmounts = {
  official: '0', discount: '0', erase: '0', payable: '0', cash: '0', credit: '0', coupon: '0',
  flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
};

/** A marketplace record (provider_type 2) of merchant M1 and customer C1, paid `payable` in cash, 2026-10. */
export function fee(kind: 'consumption' | 'refund', recordId: string, productId: string, payable: string, extra: Partial<FeeRecord> = {}): FeeRecord {
  return {
    kind, recordId, billCycle: '2026-10', tradeTimeMs: Date.parse('2026-10-10T00:00:00Z'), customerId: 'C1', customerName: '', accountName: '',
    partnerId: '', indirectPartnerId: '', accountManagerId: '', tradeId: `T-${recordId}`, billType: kind === 'refund' ? 4 : 1, chargingMode: 1,
    serviceTypeCode: 'hws.service.type.marketplace', resourceTypeCode: '', regionCode: '', resourceId: '', resourceName: '', productId,
    providerType: 2, sellerId: 'M1', currency: 'CNY', amounts: { ...ZERO, payable, official: payable, cash: payable }, originalTradeId: '', refundReason: '',
    ...extra,
  };
}
