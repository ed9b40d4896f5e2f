/** The three renderings of a partner bill written per partner (DOMAIN §6): json, csv, txt. */
export { renderPartnerStatementJson } from './renderPartnerStatementJson';
export { renderPartnerStatementCsv, STATEMENT_CSV_HEADER } from './renderPartnerStatementCsv';
export { renderPartnerStatementText } from './renderPartnerStatementText';
