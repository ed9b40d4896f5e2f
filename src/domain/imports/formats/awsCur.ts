import { headerKey, type ChargeMapping, type FormatSpec } from '../importFormat';

/**
 * AWS Cost and Usage Report: the legacy report (`lineItem/UnblendedCost` …) and CUR 2.0
 * (`line_item_unblended_cost` …) are the same columns under two spellings, which header keys
 * make one. lineItem/LineItemType says what a row is.
 */
const BY_LINE_ITEM_TYPE: Readonly<Record<string, ChargeMapping>> = {
  usage: { kind: 'consumption', billType: 5, chargingMode: 3 },
  tax: { kind: 'consumption', billType: 5, chargingMode: 3 },
  fee: { kind: 'consumption', billType: 1, chargingMode: 1 },
  discountedusage: { kind: 'consumption', billType: 5, chargingMode: 10 },
  rifee: { kind: 'consumption', billType: 18, chargingMode: 10 },
  savingsplancoveredusage: { kind: 'consumption', billType: 5, chargingMode: 11 },
  savingsplannegation: { kind: 'consumption', billType: 23, chargingMode: 11 },
  savingsplanrecurringfee: { kind: 'consumption', billType: 18, chargingMode: 11 },
  savingsplanupfrontfee: { kind: 'consumption', billType: 1, chargingMode: 11 },
  credit: { kind: 'refund', billType: 4, chargingMode: 3 },
  refund: { kind: 'refund', billType: 4, chargingMode: 3 },
};

export const AWS_CUR: FormatSpec = {
  format: 'aws-cur',
  title: 'AWS Cost and Usage Report (legacy and CUR 2.0)',
  columns: {
    amount: ['lineitemunblendedcost'],
    listCost: ['pricingpublicondemandcost'],
    periodStart: ['billbillingperiodstartdate'],
    chargeStart: ['lineitemusagestartdate'],
    customerId: ['lineitemusageaccountid'],
    customerName: ['lineitemusageaccountname'],
    service: ['lineitemproductcode'],
    serviceFallback: ['productproductname', 'productservicecode'],
    currency: ['lineitemcurrencycode'],
    region: ['productregioncode', 'productregion', 'lineitemavailabilityzone'],
    resourceId: ['lineitemresourceid'],
    charge: ['lineitemlineitemtype'],
    lineItemId: ['identitylineitemid'],
    timeInterval: ['identitytimeinterval'],
  },
  required: ['amount', 'periodStart', 'customerId', 'service', 'currency'],
  periodField: 'periodStart',
  chargeOf(cell) {
    const type = cell('charge');
    const key = headerKey(type);
    const known = BY_LINE_ITEM_TYPE[key];
    if (known) return { charge: type, ...known };
    // BundledDiscount, EdpDiscount, PrivateRateDiscount, DistributorDiscount, SppDiscount …: money given back, no order.
    if (key.endsWith('discount')) return { charge: type, kind: 'refund', billType: 4, chargingMode: 3 };
    return { charge: type || '(no LineItemType)', kind: 'consumption', billType: 5, chargingMode: 3 };
  },
};
