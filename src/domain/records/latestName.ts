/** The record a customer's name was taken from so far. */
export interface NameSource {
  nameTimeMs: number;
  nameRecordId: string;
}

/**
 * A customer's name on a statement is the one of their latest-dated record (ties: the larger
 * record id), whatever order the records came in: does this record come after the source?
 */
export function isLaterName(source: NameSource, tradeTimeMs: number, recordId: string): boolean {
  return tradeTimeMs > source.nameTimeMs || (tradeTimeMs === source.nameTimeMs && recordId > source.nameRecordId);
}
