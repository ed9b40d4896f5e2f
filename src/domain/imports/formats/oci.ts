import { headerKey, type FormatSpec } from '../importFormat';

/**
 * Oracle Cloud Infrastructure cost reports: one row per resource and usage interval; there is no
 * charge-type column. lineItem/isCorrection marks a correction of an earlier row (kept with its
 * sign); the period is the month of lineItem/intervalUsageStart.
 */
export const OCI: FormatSpec = {
  format: 'oci',
  title: 'Oracle OCI cost reports',
  columns: {
    amount: ['costmycost'],
    periodStart: ['lineitemintervalusagestart'],
    chargeStart: ['lineitemintervalusagestart'],
    customerId: ['productcompartmentid'],
    customerName: ['productcompartmentname'],
    service: ['productservice'],
    currency: ['costcurrencycode'],
    region: ['productregion'],
    resourceId: ['productresourceid'],
    chargeClass: ['lineitemiscorrection'],
    lineItemId: ['lineitemreferenceno'],
  },
  required: ['amount', 'periodStart', 'customerId', 'service', 'currency'],
  periodField: 'periodStart',
  chargeOf(cell) {
    const correction = headerKey(cell('chargeClass')) === 'true';
    return { charge: correction ? 'Correction' : 'Usage', kind: 'consumption', billType: 5, chargingMode: 3 };
  },
};
