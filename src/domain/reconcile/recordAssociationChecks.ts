import type { RecordKind } from '../records/types';
import type { Association } from '../reference/types';
import type { CheckResult } from './checkResult';
import { recordFindingChecks, type FileFindings, type RecordFinding } from './recordFindingChecks';

export const NO_ASSOCIATION = 'an association covering the trade time';

/**
 * DOMAIN §7 `record.association` for one record: no association covers it, or the partner the
 * platform delivered disagrees with the one the association table attributes it to. The
 * delivered partner is indirect_partner_id when given (the reseller behind a distributor),
 * else partner_id; when neither is given there is nothing to disagree with.
 */
/** What the check reads of a record (a fee record, an adjustment, or just these fields of one). */
export interface AssociationSubject {
  kind: RecordKind;
  recordId: string;
  customerId: string;
  partnerId?: string;
  indirectPartnerId?: string;
}

export function assessRecordAssociation(record: AssociationSubject, attributed: Association | undefined): RecordFinding | undefined {
  if (!attributed) {
    return { recordId: record.recordId, expected: NO_ASSOCIATION, actual: `none for customer ${record.customerId}` };
  }
  if (record.kind === 'adjustment') return undefined;
  const delivered = record.indirectPartnerId || record.partnerId || '';
  if (delivered === '' || delivered === attributed.partnerId) return undefined;
  return { recordId: record.recordId, expected: attributed.partnerId, actual: delivered };
}

/** `record.association` rows: a warn per record, else one ok per file. */
export function recordAssociationChecks(files: readonly FileFindings[]): CheckResult[] {
  return recordFindingChecks('record.association', 'warn', files);
}
