import type { Knex } from 'knex';

/**
 * Cloud export imports (docs/import-formats.md):
 * - `delivery_files.rows_skipped`: rows with an empty or NULL amount, which are not records
 *   (0 for contract files, where every row is a record or a reject);
 * - `delivery_files.import_tally`: for an export file, its counts and the exact sums behind the
 *   `import.total` check (ImportTallyData as JSON); NULL for contract files.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('delivery_files', (t) => {
    t.integer('rows_skipped').notNullable().defaultTo(0);
    t.text('import_tally');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('delivery_files', (t) => {
    t.dropColumn('import_tally');
    t.dropColumn('rows_skipped');
  });
}
