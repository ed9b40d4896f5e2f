import { ExactSum, compareDecimal, subtractDecimal } from '../money/exactDecimal';
import type { FeeAmounts, FeeRecord } from './types';

export interface FeeIdentities {
  /** A1: payable = cash + credit + coupon + flexipurchase_coupon + stored_value_card + bonus + debt + writeoff. */
  payableOk: boolean;
  /** A2: official = discount + erase + payable. */
  officialOk: boolean;
}

/** Checks the identities A1 and A2 of DOMAIN §4.1 exactly, at full precision. */
export function checkFeeIdentities(a: FeeAmounts): FeeIdentities {
  const instruments = new ExactSum()
    .add(a.cash).add(a.credit).add(a.coupon).add(a.flexipurchaseCoupon)
    .add(a.storedValueCard).add(a.bonus).add(a.debt).add(a.writeoff);
  const priced = new ExactSum().add(a.discount).add(a.erase).add(a.payable);
  return {
    payableOk: compareDecimal(a.payable, instruments.value()) === 0,
    officialOk: compareDecimal(a.official, priced.value()) === 0,
  };
}

/** Paid (实付, DOMAIN §4.1), derived and exact: payable − coupon. */
export function paidOf(a: FeeAmounts): string {
  return subtractDecimal(a.payable, a.coupon);
}

/**
 * A refund that names itself as its original order: money given back with no order behind it,
 * as a cloud export's credits are (docs/import-formats.md). Not matched against orders.
 */
export function isStandaloneCredit(r: Pick<FeeRecord, 'kind' | 'tradeId' | 'originalTradeId'>): boolean {
  return r.kind === 'refund' && r.originalTradeId === r.tradeId;
}
