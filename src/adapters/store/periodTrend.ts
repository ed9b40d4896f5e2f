import type { Database } from './openDatabase';

/** One partner statement's shown totals, of the revision in force of an earlier closed period. */
export interface TrendStatement {
  period: string;
  currency: string;
  totals: Record<string, string>;
}

/**
 * The partner statements of every period before `period` closed in this store, each period's
 * latest sealed revision, oldest period first: the history a period's dashboard charts. The
 * current run's own statements are not read here (it is not sealed yet when it is emitted).
 */
export async function partnerTotalsBefore(db: Database, period: string): Promise<TrendStatement[]> {
  const rows: { period: string; currency: string; totals: string }[] = await db.knex('statements as s')
    .join('close_runs as r', 'r.id', 's.run_id')
    .where('s.kind', 'partner')
    .andWhere('r.sealed', 1)
    .andWhere('r.period', '<', period)
    .whereNotExists((q) => q.select(db.knex.raw('1')).from('close_runs as g')
      .whereRaw('g.period = r.period').andWhere('g.sealed', 1).andWhereRaw('g.revision > r.revision'))
    .orderBy([{ column: 's.period' }, { column: 's.currency' }, { column: 's.subject_id' }])
    .select('s.period', 's.currency', 's.totals');
  return rows.map((r) => ({ period: r.period, currency: r.currency, totals: JSON.parse(r.totals) as Record<string, string> }));
}
