// Placeholder until lineage lands (being written now): no lineage files.
import type { Database } from '../../adapters/store/openDatabase';
import type { CloseRunRow } from '../../adapters/store/closeStore';
export async function buildLineageFiles(_db: Database, _run: CloseRunRow, _s: unknown[]): Promise<{ path: string; content: string }[]> { return []; }
export function lineageIndex(_content: string): Map<string, string[]> { return new Map(); }
