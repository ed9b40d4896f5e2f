import type { Database } from './openDatabase';
import { isUniqueViolation } from './uniqueViolation';

/**
 * The audit log of a statement workflow (settlements: `settlement_audit`; incentive payouts:
 * `incentive_audit`): one row per transition, numbered by `seq` per statement, never updated.
 * The current status is the last row's `to_status`. Two moves of one statement that race both
 * read the same seq; the unique (statement_id, seq) key lets one of them in.
 */
export interface AuditedTransition<S extends string> {
  statementId: string;
  seq: number;
  from: S;
  to: S;
  actor: string;
  reason: string;
  /** ISO 8601, UTC. */
  at: string;
}

export interface AuditLogSpec<S extends string, T extends AuditedTransition<S>> {
  table: string;
  isStatus(text: string): text is S;
  /** The error of a move that lost a race (nothing was written). */
  concurrent(statementId: string): Error;
  /** A workflow's own columns: read into the transition, written from it. */
  extra?: { read(row: Record<string, unknown>): Omit<T, keyof AuditedTransition<S>>; write(t: T): Record<string, unknown> };
}

export interface AuditLog<S extends string, T extends AuditedTransition<S>> {
  /** A statement's transitions, oldest first. */
  history(db: Database, statementId: string): Promise<T[]>;
  /** Every statement's transitions, by statement then seq (the log holds a few rows per statement). */
  histories(db: Database): Promise<Map<string, T[]>>;
  /** A statement's last transition, if any. */
  last(db: Database, statementId: string): Promise<T | undefined>;
  /** The current status of every statement with a transition. */
  statuses(db: Database): Promise<Map<string, S>>;
  /** Appends the transition that follows `afterSeq` (it gets seq `afterSeq + 1`), or throws the spec's concurrent error. */
  append(db: Database, t: Omit<T, 'seq'> & { afterSeq: number }): Promise<T>;
}

export function auditLog<S extends string, T extends AuditedTransition<S>>(spec: AuditLogSpec<S, T>): AuditLog<S, T> {
  const statusOf = (text: unknown, statementId: string): S => {
    const s = String(text);
    if (!spec.isStatus(s)) throw new Error(`${spec.table} of ${statementId} holds unknown status "${s}"`);
    return s;
  };
  const fromRow = (row: Record<string, unknown>): T => {
    const statementId = String(row.statement_id);
    const common: AuditedTransition<S> = {
      statementId, seq: Number(row.seq), from: statusOf(row.from_status, statementId), to: statusOf(row.to_status, statementId),
      actor: String(row.actor), reason: String(row.reason ?? ''), at: String(row.at),
    };
    return { ...common, ...spec.extra?.read(row) } as T;
  };
  return {
    async history(db, statementId) {
      return (await db.knex(spec.table).where({ statement_id: statementId }).orderBy('seq')).map(fromRow);
    },
    async histories(db) {
      const out = new Map<string, T[]>();
      for (const row of await db.knex(spec.table).orderBy([{ column: 'statement_id' }, { column: 'seq' }])) {
        const t = fromRow(row);
        out.set(t.statementId, [...(out.get(t.statementId) ?? []), t]);
      }
      return out;
    },
    async last(db, statementId) {
      const row = await db.knex(spec.table).where({ statement_id: statementId }).orderBy('seq', 'desc').first();
      return row ? fromRow(row) : undefined;
    },
    async statuses(db) {
      const k = db.knex;
      const latest = k(spec.table).select('statement_id').max({ seq: 'seq' }).groupBy('statement_id').as('latest');
      const q = k(`${spec.table} as a`)
        .join(latest, (j) => j.on('latest.statement_id', '=', 'a.statement_id').andOn('latest.seq', '=', 'a.seq'))
        .select('a.statement_id', 'a.to_status');
      const out = new Map<string, S>();
      for (const row of await q) out.set(String(row.statement_id), statusOf(row.to_status, String(row.statement_id)));
      return out;
    },
    async append(db, t) {
      const { afterSeq, ...rest } = t;
      const transition = { ...rest, seq: afterSeq + 1 } as unknown as T;
      const row = {
        statement_id: t.statementId, seq: transition.seq, from_status: t.from, to_status: t.to, actor: t.actor, reason: t.reason, at: t.at,
        ...spec.extra?.write(transition),
      };
      try {
        await db.knex(spec.table).insert(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw spec.concurrent(t.statementId);
        throw error;
      }
      return fromRow(row);
    },
  };
}
