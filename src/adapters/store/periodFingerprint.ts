import { createHash } from 'node:crypto';
import type { Database } from './openDatabase';
import { RECORD_TABLE, whereInView, type PeriodView, type RecordKind } from './periodView';
import { loadLatestReferenceRows } from './referenceStore';
import type { InForceRun } from './closeStore';
import type { LateRecord } from './periodLifecycle';

const PAGE_ROWS = 50_000;
const MOD = 1n << 256n;

/**
 * Fingerprint of everything a close of the view's period reads: the configuration (its hash
 * includes the engine version), the content hashes of the records in the view (as a multiset:
 * their sum mod 2^256 and their count, so ingestion order does not matter), the late records it
 * books, the reference rows in force, and the revisions in force of earlier periods (balances
 * carry from them). Same fingerprint = same inputs = same statements. The watermark itself is
 * not in it: files of other periods arriving change nothing.
 */
export async function periodFingerprint(
  db: Database, view: PeriodView, configHash: string, late: readonly LateRecord[], earlier: readonly InForceRun[],
): Promise<string> {
  const hash = createHash('sha256').update(`config ${configHash}\nperiod ${view.period}\n`);
  for (const [kind, table] of Object.entries(RECORD_TABLE) as [RecordKind, string][]) {
    let sum = 0n;
    let count = 0;
    let lastId = 0;
    // One row per page: the page's hashes concatenated (each is 64 hex digits), its size and last id.
    const concat = db.dialect === 'postgres' ? "string_agg(content_hash, '')" : "group_concat(content_hash, '')";
    for (;;) {
      const page = whereInView(db, db.knex(table).select('id', 'content_hash'), kind, view).andWhere('id', '>', lastId).orderBy('id').limit(PAGE_ROWS);
      const row: { n: number | string; last_id: number | string | null; hashes: string | null } | undefined = await db.knex
        .from(page.as('page')).select(db.knex.raw(`count(*) AS n, max(id) AS last_id, ${concat} AS hashes`)).first();
      const rows = Number(row?.n ?? 0);
      const hashes = row?.hashes ?? '';
      if (hashes.length !== rows * 64) throw new Error(`${table}: unexpected content hashes in the period fingerprint`);
      for (let i = 0; i < hashes.length; i += 64) sum += BigInt(`0x${hashes.slice(i, i + 64)}`);
      sum %= MOD;
      count += rows;
      if (rows < PAGE_ROWS) break;
      lastId = Number(row!.last_id);
    }
    hash.update(`${table} ${count} ${sum.toString(16)}\n`);
  }
  for (const l of late) hash.update(`late ${l.kind} ${l.billCycle} ${l.recordId} ${l.contentHash}\n`);
  for (const r of await loadLatestReferenceRows(db, undefined, view.maxFileId)) hash.update(`ref ${r.kind} ${JSON.stringify(r.data)}\n`);
  for (const e of earlier) hash.update(`earlier ${e.period} rev ${e.revision} ${e.inputFingerprint}\n`);
  return hash.digest('hex');
}
