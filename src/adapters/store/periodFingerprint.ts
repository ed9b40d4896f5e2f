import { createHash } from 'node:crypto';
import { rawRows } from './insertValues';
import type { Database } from './openDatabase';

const PAGE_ROWS = 50_000;
const MOD = 1n << 256n;

/**
 * Fingerprint of everything a close of `period` reads: the content hashes of the period's
 * records (as a multiset: their sum mod 2^256 and their count, so ingestion order does not
 * matter) and the reference rows in force. Same fingerprint = same inputs = same statements.
 */
export async function periodFingerprint(db: Database, period: string, configHash: string): Promise<string> {
  const hash = createHash('sha256').update(`config ${configHash}\nperiod ${period}\n`);
  for (const table of ['consumption_records', 'refund_records', 'adjustment_records']) {
    let sum = 0n;
    let count = 0;
    let lastId = 0;
    // One row per page: the page's hashes concatenated (each is 64 hex digits), its size and last id.
    const concat = db.dialect === 'postgres' ? "string_agg(content_hash, '')" : "group_concat(content_hash, '')";
    for (;;) {
      const result = await db.knex.raw(
        `SELECT count(*) AS n, max(id) AS last_id, ${concat} AS hashes FROM (SELECT id, content_hash FROM "${table}" WHERE bill_cycle = ? AND id > ? ORDER BY id LIMIT ?) page`,
        [period, lastId, PAGE_ROWS],
      );
      const row = rawRows<{ n: number | string; last_id: number | string | null; hashes: string | null }>(result)[0];
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
  const reference = await db.knex('reference_rows as r')
    .join(
      db.knex('reference_rows').select('kind').max({ file_id: 'file_id' }).groupBy('kind').as('latest'),
      function joinLatest() { this.on('r.kind', '=', 'latest.kind').andOn('r.file_id', '=', 'latest.file_id'); },
    )
    .select('r.kind', 'r.data').orderBy(['r.kind', 'r.line']);
  for (const r of reference) hash.update(`ref ${r.kind} ${r.data}\n`);
  return hash.digest('hex');
}
