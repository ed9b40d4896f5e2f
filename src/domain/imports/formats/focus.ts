import { commitmentMode, headerKey, type FormatSpec } from '../importFormat';

/**
 * FOCUS 1.x CostAndUsage (FinOps Foundation): one row per charge; BilledCost is what is invoiced.
 * ChargeCategory: Usage, Purchase, Tax, Credit, Adjustment; ChargeClass Correction marks a
 * correction of an earlier period's charge (kept with its sign, like any other row).
 */
export const FOCUS: FormatSpec = {
  format: 'focus',
  title: 'FOCUS 1.x',
  columns: {
    amount: ['billedcost'],
    listCost: ['listcost'],
    periodStart: ['billingperiodstart'],
    chargeStart: ['chargeperiodstart'],
    customerId: ['subaccountid'],
    customerName: ['subaccountname'],
    service: ['servicename'],
    serviceFallback: ['servicecategory'],
    currency: ['billingcurrency'],
    region: ['regionid', 'region'],
    resourceId: ['resourceid'],
    resourceName: ['resourcename'],
    resourceType: ['resourcetype'],
    charge: ['chargecategory'],
    chargeClass: ['chargeclass'],
    frequency: ['chargefrequency'],
    pricing: ['commitmentdiscounttype'],
  },
  required: ['amount', 'periodStart', 'customerId', 'service', 'currency'],
  periodField: 'periodStart',
  chargeOf(cell) {
    const category = headerKey(cell('charge'));
    const correction = headerKey(cell('chargeClass')) === 'correction';
    const charge = `${cell('charge') || '(no ChargeCategory)'}${correction ? ' / Correction' : ''}`;
    const mode = commitmentMode(cell('pricing'));
    if (category === 'credit') return { charge, kind: 'refund', billType: 4, chargingMode: mode };
    if (category === 'purchase') {
      const recurring = headerKey(cell('frequency')) === 'recurring';
      return { charge, kind: 'consumption', billType: recurring ? 18 : 1, chargingMode: commitmentMode(cell('pricing'), 1) };
    }
    // Usage, Tax, Adjustment (and any category a later FOCUS version adds): a charge for use.
    return { charge, kind: 'consumption', billType: 5, chargingMode: mode };
  },
};
