/** A unique key refused an insert: PostgreSQL 23505; SQLite SQLITE_CONSTRAINT with "UNIQUE constraint failed". */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === '23505') return true;
  return e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(String(e.message));
}
