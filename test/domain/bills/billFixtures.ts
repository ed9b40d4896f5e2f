import type { AdjustmentRecord, FeeRecord } from '../../../src/domain/records/types';
import type { Association, Partner } from '../../../src/domain/reference/types';

/** Test data builders for partner bills: a record is a few fields over neutral defaults. */

export const OCT_START_MS = Date.parse('2026-10-01T00:00:00+08:00');
export const at = (iso: string): number => Date.parse(iso);

export function partner(partnerId: string, roles: Partner['roles'], parentPartnerId = '', name = `${partnerId} Ltd`): Partner {
  return { partnerId, name, roles, parentPartnerId, currency: 'CNY', payoutMethod: 'bank', invoiceTaxRate: '0.06', invoiceContent: '', signingEntity: '' };
}

export function association(customerId: string, partnerId: string, associationType: Association['associationType'] = 'resale', validFromMs = OCT_START_MS - 86_400_000, validToMs?: number): Association {
  return { customerId, partnerId, associationType, validFromMs, validToMs, accountManagerId: '' };
}

let sequence = 0;

export interface FeeOptions {
  recordId?: string;
  kind?: FeeRecord['kind'];
  customerId?: string;
  customerName?: string;
  payable: string;
  coupon?: string;
  serviceTypeCode?: string;
  regionCode?: string;
  chargingMode?: number;
  billType?: number;
  tradeId?: string;
  originalTradeId?: string;
  refundReason?: string;
  currency?: string;
  tradeTimeMs?: number;
}

export function fee(o: FeeOptions): FeeRecord {
  sequence += 1;
  const coupon = o.coupon ?? '0';
  return {
    kind: o.kind ?? 'consumption',
    recordId: o.recordId ?? `F${String(sequence).padStart(5, '0')}`,
    billCycle: '2026-10',
    tradeTimeMs: o.tradeTimeMs ?? OCT_START_MS + 3_600_000,
    customerId: o.customerId ?? 'C1',
    customerName: o.customerName ?? '',
    accountName: '',
    partnerId: '',
    indirectPartnerId: '',
    accountManagerId: '',
    tradeId: o.tradeId ?? `T${sequence}`,
    billType: o.billType ?? (o.kind === 'refund' ? 4 : 5),
    chargingMode: o.chargingMode ?? 3,
    serviceTypeCode: o.serviceTypeCode ?? 'hws.service.type.ec2',
    resourceTypeCode: '',
    regionCode: o.regionCode ?? 'cn-north-4',
    resourceId: '',
    resourceName: '',
    productId: '',
    providerType: 1,
    sellerId: '',
    currency: o.currency ?? 'CNY',
    amounts: {
      official: o.payable, discount: '0', erase: '0', payable: o.payable, cash: o.payable, credit: '0', coupon,
      flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
    },
    originalTradeId: o.originalTradeId ?? '',
    refundReason: o.refundReason ?? '',
  };
}

export function adjustment(customerId: string, adjustmentType: AdjustmentRecord['adjustmentType'], signedAmount: string, currency = 'CNY'): AdjustmentRecord {
  sequence += 1;
  return {
    kind: 'adjustment', recordId: `A${String(sequence).padStart(5, '0')}`, billCycle: '2026-10', tradeTimeMs: OCT_START_MS + 7_200_000,
    customerId, currency, adjustmentType, signedAmount, referenceTradeId: '', reason: '', targetPeriod: '',
  };
}
