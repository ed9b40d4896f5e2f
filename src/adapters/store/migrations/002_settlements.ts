import type { Knex } from 'knex';

/**
 * Marketplace settlements (DOMAIN §5.2).
 * - `settlement_audit`: every workflow transition of a settlement statement (who, when, from,
 *   to, why). The current status is the latest row's `to_status` (`billed` when there is none):
 *   a statement's amounts and files are never touched by the workflow. `seq` numbers a
 *   statement's transitions; the unique key makes two concurrent advances from the same status
 *   collide instead of both landing.
 * - parked subjects get a `kind`: a merchant whose settlement cannot be computed is parked like
 *   a partner whose bill cannot be built, and the two id spaces must not collide.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settlement_audit', (t) => {
    t.increments('id').primary();
    t.string('statement_id', 128).notNullable();
    t.integer('seq').notNullable();
    t.string('from_status', 32).notNullable();
    t.string('to_status', 32).notNullable();
    t.text('actor').notNullable();
    t.text('reason').notNullable().defaultTo('');
    t.text('at').notNullable();
    t.unique(['statement_id', 'seq']);
  });
  await knex.schema.alterTable('parked_partners', (t) => {
    t.string('kind', 16).notNullable().defaultTo('partner');
  });
  await knex.schema.alterTable('parked_partners', (t) => {
    t.dropUnique(['run_id', 'partner_id']);
    t.unique(['run_id', 'kind', 'partner_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('parked_partners', (t) => {
    t.dropUnique(['run_id', 'kind', 'partner_id']);
    t.unique(['run_id', 'partner_id']);
  });
  await knex.schema.alterTable('parked_partners', (t) => t.dropColumn('kind'));
  await knex.schema.dropTableIfExists('settlement_audit');
}
