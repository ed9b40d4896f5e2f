import { FILE_SPECS, type FileKind } from '../../../src/domain/ingest/fileSpecs';
import { RowReader } from '../../../src/domain/ingest/RowReader';
import { validateHeader } from '../../../src/domain/ingest/validateHeader';

export function specOf(kind: FileKind) {
  return FILE_SPECS.find((s) => s.kind === kind)!;
}

/** A reader positioned on one row given as column → cell. */
export function readerFor(kind: FileKind, cells: Record<string, string>, line = 2): RowReader {
  const header = Object.keys(cells);
  const result = validateHeader(specOf(kind), header);
  if (!result.ok) throw new Error(result.problem);
  const reader = new RowReader(specOf(kind).fileName, result.layout);
  reader.start(Object.values(cells), line);
  return reader;
}

export const CONSUMPTION_ROW: Readonly<Record<string, string>> = {
  record_id: 'R1', bill_cycle: '2026-10', trade_time: '2026-10-03T08:15:00+08:00', customer_id: 'C1',
  trade_id: 'T1', bill_type: '5', charging_mode: '3', service_type_code: 'hws.service.type.ebs',
  official_amount: '12.50', discount_amount: '2.5', payable_amount: '10', cash_amount: '10',
};

export const REFUND_ROW: Readonly<Record<string, string>> = {
  ...CONSUMPTION_ROW, record_id: 'F1', bill_type: '4', original_trade_id: 'T0', refund_reason: 'unsubscribe',
};
