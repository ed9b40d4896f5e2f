import type { Knex } from 'knex';

/**
 * Period lifecycle (DOMAIN §3).
 * - A close run keeps the view it computed from: `watermark` (the highest delivery file it could
 *   see: records and reference rows of later files are not in it) and `as_of` (the instant of
 *   that view: which revisions of other periods and which correction bookings were in force).
 *   `sealed` marks a run whose revision closed its period; `sealed_at` is when.
 * - `correction_bookings`: the late records of closed periods a run books as prior-period
 *   corrections. Once a sealed run booked a record, no other revision counts it again.
 * - `period_events`: reopen and close events with who, when and why.
 * - Triggers refuse any change to what a sealed run issued (statements, files, documents,
 *   bookings, the run itself) and to records of a period that has a sealed revision: a closed
 *   period is never edited, whoever writes to the database.
 */
const RUN_TABLES = ['statements', 'statement_files', 'run_documents', 'correction_bookings'] as const;
const RECORD_TABLES = ['consumption_records', 'refund_records', 'adjustment_records'] as const;

export async function up(knex: Knex): Promise<void> {
  // Lineage files can be far larger than a statement: their bytes are not kept (content NULL) but
  // regenerated from the sealed run's view, which is fixed, and checked against the recorded SHA-256.
  await knex.schema.alterTable('statement_files', (t) => t.text('content').nullable().alter());
  await knex.schema.alterTable('close_runs', (t) => {
    t.integer('watermark').notNullable().defaultTo(0);
    t.text('as_of').notNullable().defaultTo('');
    t.integer('sealed').notNullable().defaultTo(0);
    t.text('sealed_at');
  });
  // Runs that closed their period before this migration: sealed when they finished, having seen every file.
  const maxFile = await knex('delivery_files').max({ id: 'id' }).first();
  await knex('close_runs').whereIn('id', knex('periods').select('closed_run_id').whereNotNull('closed_run_id'))
    .update({ sealed: 1, sealed_at: knex.ref('finished_at'), watermark: Number(maxFile?.id ?? 0), as_of: knex.ref('started_at') });
  // A statement is unique within its run; an as-of recomputation (rolled back) holds the same revision's statements beside the sealed ones.
  await knex.schema.alterTable('statements', (t) => {
    t.dropUnique(['period', 'revision', 'kind', 'subject_id', 'currency']);
    t.unique(['run_id', 'kind', 'subject_id', 'currency']);
  });
  // Late records are found by arrival (file_id beyond a closed revision's watermark), not by scanning their periods.
  for (const table of RECORD_TABLES) await knex.schema.alterTable(table, (t) => t.index(['file_id'], `${table}_file_id_index`));
  await knex.schema.createTable('correction_bookings', (t) => {
    t.increments('id').primary();
    t.integer('run_id').notNullable().references('close_runs.id');
    t.string('record_kind', 16).notNullable();
    t.string('record_id', 64).notNullable();
    /** The record's own period (its bill_cycle), the one the correction names. */
    t.string('bill_cycle', 7).notNullable();
    t.unique(['run_id', 'record_kind', 'record_id']);
    t.index(['bill_cycle', 'record_kind']);
  });
  await knex.schema.createTable('period_events', (t) => {
    t.increments('id').primary();
    t.string('period', 7).notNullable();
    t.string('event', 16).notNullable(); // reopen | unchanged
    t.integer('revision').notNullable();
    t.text('actor').notNullable();
    t.text('reason').notNullable().defaultTo('');
    t.text('at').notNullable();
    t.index(['period']);
  });
  if (knex.client.config.client === 'pg') await postgresGuards(knex);
  else await sqliteGuards(knex);
}

async function sqliteGuards(knex: Knex): Promise<void> {
  const refuse = (what: string) => `SELECT RAISE(ABORT, 'reckon.closed: ${what} of a closed period cannot be changed')`;
  for (const table of RUN_TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_sealed_insert BEFORE INSERT ON ${table}
      WHEN (SELECT sealed FROM close_runs WHERE id = NEW.run_id) = 1 BEGIN ${refuse(table)}; END`);
    await knex.raw(`CREATE TRIGGER ${table}_sealed_update BEFORE UPDATE ON ${table}
      WHEN (SELECT sealed FROM close_runs WHERE id = OLD.run_id) = 1 OR (SELECT sealed FROM close_runs WHERE id = NEW.run_id) = 1 BEGIN ${refuse(table)}; END`);
    await knex.raw(`CREATE TRIGGER ${table}_sealed_delete BEFORE DELETE ON ${table}
      WHEN (SELECT sealed FROM close_runs WHERE id = OLD.run_id) = 1 BEGIN ${refuse(table)}; END`);
  }
  await knex.raw(`CREATE TRIGGER close_runs_sealed_update BEFORE UPDATE ON close_runs WHEN OLD.sealed = 1 BEGIN ${refuse('a close run')}; END`);
  await knex.raw(`CREATE TRIGGER close_runs_sealed_delete BEFORE DELETE ON close_runs WHEN OLD.sealed = 1 BEGIN ${refuse('a close run')}; END`);
  for (const table of RECORD_TABLES) {
    const sealedPeriod = `EXISTS (SELECT 1 FROM close_runs WHERE period = OLD.bill_cycle AND sealed = 1)`;
    await knex.raw(`CREATE TRIGGER ${table}_sealed_update BEFORE UPDATE ON ${table} WHEN ${sealedPeriod} BEGIN ${refuse('a record')}; END`);
    await knex.raw(`CREATE TRIGGER ${table}_sealed_delete BEFORE DELETE ON ${table} WHEN ${sealedPeriod} BEGIN ${refuse('a record')}; END`);
  }
}

async function postgresGuards(knex: Knex): Promise<void> {
  await knex.raw(`CREATE OR REPLACE FUNCTION reckon_guard_run_rows() RETURNS trigger AS $$
    BEGIN
      IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM close_runs WHERE id = OLD.run_id AND sealed = 1))
        OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM close_runs WHERE id = NEW.run_id AND sealed = 1)) THEN
        RAISE EXCEPTION 'reckon.closed: % of a closed period cannot be changed', TG_TABLE_NAME;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await knex.raw(`CREATE OR REPLACE FUNCTION reckon_guard_sealed_run() RETURNS trigger AS $$
    BEGIN
      IF OLD.sealed = 1 THEN RAISE EXCEPTION 'reckon.closed: a close run of a closed period cannot be changed'; END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await knex.raw(`CREATE OR REPLACE FUNCTION reckon_guard_records() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM close_runs WHERE period = OLD.bill_cycle AND sealed = 1) THEN
        RAISE EXCEPTION 'reckon.closed: a record of a closed period cannot be changed';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  for (const table of RUN_TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_sealed BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION reckon_guard_run_rows()`);
  }
  await knex.raw('CREATE TRIGGER close_runs_sealed BEFORE UPDATE OR DELETE ON close_runs FOR EACH ROW EXECUTE FUNCTION reckon_guard_sealed_run()');
  for (const table of RECORD_TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_sealed BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION reckon_guard_records()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const table of [...RUN_TABLES, ...RECORD_TABLES, 'close_runs']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_sealed ON ${table}`);
    for (const fn of ['reckon_guard_run_rows', 'reckon_guard_sealed_run', 'reckon_guard_records']) await knex.raw(`DROP FUNCTION IF EXISTS ${fn}()`);
  } else {
    for (const table of RUN_TABLES) for (const op of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_sealed_${op}`);
    for (const table of [...RECORD_TABLES, 'close_runs']) for (const op of ['update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_sealed_${op}`);
  }
  for (const table of RECORD_TABLES) await knex.schema.alterTable(table, (t) => t.dropIndex(['file_id'], `${table}_file_id_index`));
  await knex.schema.alterTable('statements', (t) => {
    t.dropUnique(['run_id', 'kind', 'subject_id', 'currency']);
    t.unique(['period', 'revision', 'kind', 'subject_id', 'currency']);
  });
  await knex.schema.dropTableIfExists('period_events');
  await knex.schema.dropTableIfExists('correction_bookings');
  await knex.schema.alterTable('close_runs', (t) => {
    t.dropColumn('sealed_at');
    t.dropColumn('sealed');
    t.dropColumn('as_of');
    t.dropColumn('watermark');
  });
}
