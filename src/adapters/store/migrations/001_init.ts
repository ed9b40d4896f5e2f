import type { Knex } from 'knex';

/**
 * Money is TEXT holding a canonical exact decimal (never REAL: knex.decimal() is a float
 * in SQLite). SQL never adds money; sums are taken in the domain with BigInt.
 * Instants are INTEGER UTC epoch ms.
 *
 * Records are stored packed: the columns SQL finds records by (ids, period, customer, order,
 * time, content hash, the checks decided at ingest) plus `payload`, the record's canonical JSON
 * (domain/records/contentHash: a JSON array in a fixed order, amounts as exact decimal strings),
 * which is also the text its content_hash is taken of. Readers rebuild the record from it.
 */
function recordColumns(t: Knex.CreateTableBuilder): void {
  t.increments('id').primary();
  t.string('record_id', 64).notNullable().unique();
  t.integer('file_id').notNullable().references('delivery_files.id');
  t.integer('line').notNullable();
  t.string('content_hash', 64).notNullable();
  t.string('bill_cycle', 7).notNullable();
  t.bigInteger('trade_time_ms').notNullable();
  t.string('customer_id', 64).notNullable();
}

function feeRecordColumns(t: Knex.CreateTableBuilder): void {
  recordColumns(t);
  t.text('trade_id').notNullable();
  /** A1/A2 outcome and the bill_cycle/trade_time agreement, decided once at ingest (1 = holds). */
  t.integer('identity_payable_ok').notNullable();
  t.integer('identity_official_ok').notNullable();
  t.integer('period_ok').notNullable();
  /** Extra columns of the delivery, as a JSON object (kept, ignored by the rules). */
  t.text('extra').notNullable().defaultTo('{}');
  t.text('payload').notNullable();
  t.index(['bill_cycle', 'customer_id']);
  // (bill_cycle, rowid): pages through a period in id order without sorting it.
  t.index(['bill_cycle']);
  t.index(['trade_id']);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deliveries', (t) => {
    t.increments('id').primary();
    t.text('source_dir').notNullable();
    t.string('period_hint', 7);
    t.text('ingested_at').notNullable();
  });
  await knex.schema.createTable('delivery_files', (t) => {
    t.increments('id').primary();
    t.integer('delivery_id').notNullable().references('deliveries.id');
    /** Name inside the delivery, e.g. "consumption.csv" or "reference/partners.csv". */
    t.text('file_name').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('status', 16).notNullable(); // ingesting | ingested | failed
    t.integer('rows_read').notNullable().defaultTo(0);
    t.integer('rows_accepted').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.integer('rows_duplicate').notNullable().defaultTo(0);
    t.integer('rows_conflict').notNullable().defaultTo(0);
    t.text('error');
  });
  /**
   * A file's bytes are ingested at most once; a failed attempt stays on record (with its
   * delivery) and the same bytes may be tried again, so failed rows are outside the key.
   */
  await knex.raw(
    "CREATE UNIQUE INDEX delivery_files_file_name_sha256_unique ON delivery_files (file_name, sha256) WHERE status <> 'failed'",
  );
  await knex.schema.createTable('consumption_records', (t) => feeRecordColumns(t));
  await knex.schema.createTable('refund_records', (t) => {
    feeRecordColumns(t);
    t.text('original_trade_id').notNullable();
    t.index(['original_trade_id']);
  });
  await knex.schema.createTable('adjustment_records', (t) => {
    recordColumns(t);
    t.integer('period_ok').notNullable();
    t.text('extra').notNullable().defaultTo('{}');
    t.text('payload').notNullable();
    t.index(['bill_cycle', 'customer_id']);
    t.index(['bill_cycle']);
  });
  /** Records delivered again under a known record_id with other content: reported, never applied. */
  await knex.schema.createTable('ingest_conflicts', (t) => {
    t.increments('id').primary();
    t.integer('file_id').notNullable().references('delivery_files.id');
    t.string('kind', 16).notNullable();
    t.string('record_id', 64).notNullable();
    t.integer('line').notNullable();
    t.string('bill_cycle', 7).notNullable().defaultTo('');
    t.string('existing_hash', 64).notNullable();
    t.string('incoming_hash', 64).notNullable();
    t.unique(['file_id', 'line']);
  });
  /** Reference rows (DOMAIN §4.4), one JSON object per row, versioned by the file that brought them. */
  await knex.schema.createTable('reference_rows', (t) => {
    t.increments('id').primary();
    t.integer('file_id').notNullable().references('delivery_files.id');
    t.string('kind', 32).notNullable();
    t.integer('line').notNullable();
    t.text('data').notNullable();
    t.index(['kind', 'file_id']);
  });
  await knex.schema.createTable('rejects', (t) => {
    t.increments('id').primary();
    t.integer('file_id').notNullable().references('delivery_files.id');
    t.text('file_name').notNullable();
    t.integer('line').notNullable();
    t.text('column').notNullable();
    t.text('raw_value').notNullable();
    t.string('code', 32).notNullable();
    t.text('message').notNullable();
    /** bill_cycle of the row when it could be read, else the delivery's period. */
    t.string('period', 7);
    t.index(['period']);
  });
  await knex.schema.createTable('periods', (t) => {
    t.string('period', 7).primary();
    t.string('state', 16).notNullable(); // open | closing | closed
    t.integer('revision').notNullable().defaultTo(0);
    t.integer('closed_run_id');
  });
  await knex.schema.createTable('close_runs', (t) => {
    t.increments('id').primary();
    t.string('run_key', 100).notNullable().unique();
    t.string('period', 7).notNullable();
    t.string('scope', 32).notNullable();
    t.integer('revision').notNullable();
    t.string('state', 16).notNullable(); // running | completed | failed
    t.string('input_fingerprint', 64).notNullable();
    t.string('config_hash', 64).notNullable();
    t.text('started_at').notNullable();
    t.text('finished_at');
    t.text('summary');
    t.text('error');
  });
  await knex.schema.createTable('statements', (t) => {
    t.increments('id').primary();
    t.integer('run_id').notNullable().references('close_runs.id');
    t.string('period', 7).notNullable();
    t.integer('revision').notNullable();
    t.string('kind', 16).notNullable(); // partner
    t.string('subject_id', 64).notNullable();
    t.string('currency', 3).notNullable();
    /** Shown totals as JSON of fixed-decimal strings (e.g. credit_carried is read by the next close). */
    t.text('totals').notNullable();
    /** The whole statement as JSON; statement files are rendered from it. */
    t.text('document').notNullable();
    t.unique(['period', 'revision', 'kind', 'subject_id', 'currency']);
  });
  /** Other documents a close run produces (e.g. the reconciliation report), by name. */
  await knex.schema.createTable('run_documents', (t) => {
    t.increments('id').primary();
    t.integer('run_id').notNullable().references('close_runs.id');
    t.string('name', 64).notNullable();
    t.text('content').notNullable();
    t.unique(['run_id', 'name']);
  });
  await knex.schema.createTable('statement_files', (t) => {
    t.increments('id').primary();
    t.integer('run_id').notNullable().references('close_runs.id');
    t.text('path').notNullable();
    t.string('sha256', 64).notNullable();
    /** The issued bytes, so that a closed period's files can be written again exactly as issued. */
    t.text('content').notNullable();
    t.unique(['run_id', 'path']);
  });
  /**
   * Partners whose compute failed for good in a run (a data error such as a broken partner tree):
   * the rest of the run finishes, the period stays `closing`, and a later close retries them.
   */
  await knex.schema.createTable('parked_partners', (t) => {
    t.increments('id').primary();
    t.integer('run_id').notNullable().references('close_runs.id');
    t.string('partner_id', 64).notNullable();
    t.string('code', 64).notNullable();
    t.text('message').notNullable();
    /** How many computes of this partner failed in this run (1 at first, +1 per failed retry). */
    t.integer('failures').notNullable().defaultTo(1);
    t.unique(['run_id', 'partner_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'parked_partners', 'statement_files', 'run_documents', 'statements', 'close_runs', 'periods', 'rejects', 'reference_rows', 'ingest_conflicts',
    'adjustment_records', 'refund_records', 'consumption_records', 'delivery_files', 'deliveries',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
