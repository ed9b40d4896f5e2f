import type { Database } from './openDatabase';

/**
 * Parked partners of a close run (table parked_partners): a partner whose compute failed for good
 * is recorded here with its error code, the run finishes without it, and the period stays
 * `closing` until a later close computes it. Every write starts with a write (SQLite, STACK §2.2).
 */

/** What was parked: a partner's bill, a merchant's settlement (partnerId is then the seller id) or a solution provider's incentive statement. */
export type ParkedKind = 'partner' | 'merchant' | 'incentive';

export interface ParkedPartner {
  partnerId: string;
  /** Absent means 'partner'. */
  kind?: ParkedKind;
  code: string;
  message: string;
}

export interface ParkedPartnerRow extends ParkedPartner {
  /** How many computes of this partner failed in this run. */
  failures: number;
}

/** Parks partners; parking one again (a failed retry) keeps one row and counts the failure. */
export async function parkPartners(db: Database, runId: number, parked: readonly ParkedPartner[]): Promise<void> {
  if (parked.length === 0) return;
  await db.knex.transaction(async (trx) => {
    for (const p of parked) {
      await trx('parked_partners')
        .insert({ run_id: runId, kind: p.kind ?? 'partner', partner_id: p.partnerId, code: p.code, message: p.message, failures: 1 })
        .onConflict(['run_id', 'kind', 'partner_id'])
        .merge({ code: p.code, message: p.message, failures: trx.raw('?? + 1', ['parked_partners.failures']) });
    }
  });
}

/** The partner was computed after all: it is no longer parked. */
export async function unparkPartner(db: Database, runId: number, partnerId: string, kind: ParkedKind = 'partner'): Promise<void> {
  await db.knex('parked_partners').where({ run_id: runId, kind, partner_id: partnerId }).delete();
}

export async function listParkedPartners(db: Database, runId: number): Promise<ParkedPartnerRow[]> {
  const rows = await db.knex('parked_partners').where({ run_id: runId }).orderBy(['kind', 'partner_id']);
  return rows.map((r) => ({
    partnerId: r.partner_id, ...(r.kind === 'partner' ? {} : { kind: r.kind as ParkedKind }), code: r.code, message: r.message, failures: Number(r.failures),
  }));
}
