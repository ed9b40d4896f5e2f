import { commitmentMode, headerKey, type FormatSpec } from '../importFormat';

/**
 * Azure cost details (Cost Management exports, EA and MCA, actual and amortized cost): column
 * names differ in case between export kinds (`CostInBillingCurrency`, `costInBillingCurrency`),
 * which header keys ignore. ChargeType says what a row is; PricingModel names a commitment.
 */
export const AZURE: FormatSpec = {
  format: 'azure',
  title: 'Azure cost details (EA and MCA)',
  columns: {
    amount: ['costinbillingcurrency', 'cost', 'pretaxcost'],
    listCost: ['paygcostinbillingcurrency'],
    periodStart: ['billingperiodstartdate'],
    chargeStart: ['date', 'usagedatetime'],
    customerId: ['subscriptionid', 'subscriptionguid'],
    customerName: ['subscriptionname'],
    service: ['metercategory'],
    serviceFallback: ['servicefamily', 'productname', 'consumedservice'],
    currency: ['billingcurrency', 'billingcurrencycode', 'currency'],
    region: ['resourcelocation', 'resourcelocationnormalized'],
    resourceId: ['resourceid', 'instanceid', 'instancename'],
    resourceName: ['resourcename'],
    charge: ['chargetype'],
    frequency: ['frequency'],
    pricing: ['pricingmodel'],
  },
  required: ['amount', 'periodStart', 'customerId', 'service', 'currency'],
  periodField: 'periodStart',
  chargeOf(cell) {
    const type = cell('charge');
    const key = headerKey(type);
    const charge = type || '(no ChargeType)';
    if (key === 'refund' || key === 'credit') return { charge, kind: 'refund', billType: 4, chargingMode: commitmentMode(cell('pricing')) };
    if (key === 'purchase') {
      const recurring = headerKey(cell('frequency')) === 'recurring';
      return { charge, kind: 'consumption', billType: recurring ? 18 : 1, chargingMode: commitmentMode(cell('pricing'), 1) };
    }
    if (key === 'unusedreservation') return { charge, kind: 'consumption', billType: 5, chargingMode: 10 };
    if (key === 'unusedsavingsplan') return { charge, kind: 'consumption', billType: 5, chargingMode: 11 };
    return { charge, kind: 'consumption', billType: 5, chargingMode: commitmentMode(cell('pricing')) };
  },
};
