import type { IncentivePolicyRow, Partner } from '../../../src/domain/reference/types';
import type { FeeAmounts, FeeRecord } from '../../../src/domain/records/types';

/** Records, a provider and policies shared by the incentive tests. */

const ZERO: FeeAmounts = {
  official: '0', discount: '0', erase: '0', payable: '0', cash: '0', credit: '0', coupon: '0',
  flexipurchaseCoupon: '0', storedValueCard: '0', bonus: '0', debt: '0', writeoff: '0',
};

/** A fee record of customer C1 with only the given amounts set (the rest 0). */
export function incentiveRecord(
  kind: 'consumption' | 'refund', id: string, amounts: Partial<FeeAmounts>, at: { billCycle?: string; service?: string } = {},
): FeeRecord {
  return {
    kind, recordId: id, billCycle: at.billCycle ?? '2026-10', tradeTimeMs: 0, customerId: 'C1', customerName: '', accountName: '', partnerId: '',
    indirectPartnerId: '', accountManagerId: '', tradeId: `T-${id}`, billType: kind === 'refund' ? 4 : 1, chargingMode: 1,
    serviceTypeCode: at.service ?? 'x', resourceTypeCode: '', regionCode: '', resourceId: '', resourceName: '', productId: '', providerType: 1,
    sellerId: '', currency: 'CNY', amounts: { ...ZERO, ...amounts }, originalTradeId: '', refundReason: '',
  };
}

/** Solution provider S1 with this payout method and invoice rate. */
export const solutionProvider = (payoutMethod: string, rate = '0.06'): Partner => ({
  partnerId: 'S1', name: 'Solution Co', roles: ['solution_provider'], parentPartnerId: '', currency: 'CNY', payoutMethod,
  invoiceTaxRate: rate, invoiceContent: '信息技术服务-技术服务费', signingEntity: 'Cloud Co',
});

export const policy = (serviceTypeCode: string, p: IncentivePolicyRow['policy'], rate: string, min = '0', validFrom = '', validTo = ''): IncentivePolicyRow =>
  ({ serviceTypeCode, policy: p, rate, minPeriodPerformance: min, validFrom, validTo });

/** ec2 with two tiers, rds changing rate in 2026-10, obs counting for tiers only, cdn excluded, * for the rest. */
export const POLICIES = [
  policy('ec2', 0, '0.05'), policy('ec2', 0, '0.08', '10000'),
  policy('rds', 1, '0.10', '0', '', '2026-09'), policy('rds', 1, '0.12', '0', '2026-10'),
  policy('obs', 13, '0.50'), policy('cdn', 2, '0.50'), policy('*', 0, '0.02'),
];
