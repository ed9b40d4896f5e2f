/** The renderings of an incentive statement written per solution provider (DOMAIN §6): json, csv, txt. */
export { renderIncentiveJson } from './renderIncentiveJson';
export { renderIncentiveCsv, INCENTIVE_CSV_HEADER } from './renderIncentiveCsv';
export { renderIncentiveText } from './renderIncentiveText';
