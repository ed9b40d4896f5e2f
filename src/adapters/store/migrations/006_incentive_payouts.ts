import type { Knex } from 'knex';

/**
 * The incentive payout workflow (docs/incentive-payouts.md):
 * - `incentive_audit`: every transition of an incentive statement (who, when, from, to, why, and
 *   the payout method fixed when it was applied for). The current status is the latest row's
 *   `to_status` (`issued` when there is none); statements and files are never touched. The
 *   unique (statement_id, seq) key makes two concurrent moves from the same status collide.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incentive_audit', (t) => {
    t.increments('id').primary();
    t.string('statement_id', 128).notNullable();
    t.integer('seq').notNullable();
    t.string('from_status', 32).notNullable();
    t.string('to_status', 32).notNullable();
    t.text('actor').notNullable();
    t.text('reason').notNullable().defaultTo('');
    t.string('payout_method', 64).notNullable().defaultTo('');
    t.text('at').notNullable();
    t.unique(['statement_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('incentive_audit');
}
