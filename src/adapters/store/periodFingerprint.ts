import { createHash } from 'node:crypto';
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
    for (;;) {
      const rows: { id: number; content_hash: string }[] = await db.knex(table).select('id', 'content_hash')
        .where('bill_cycle', period).andWhere('id', '>', lastId).orderBy('id').limit(PAGE_ROWS);
      for (const r of rows) sum = (sum + BigInt(`0x${r.content_hash}`)) % MOD;
      count += rows.length;
      if (rows.length < PAGE_ROWS) break;
      lastId = Number(rows[rows.length - 1]!.id);
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
