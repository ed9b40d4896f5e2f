import type { Knex } from 'knex';

/**
 * One close at a time per store (docs/operations.md "What may run at once").
 * - `close_lease`: a single row (`name` = 'close') that says who is closing a period right now:
 *   the holder (`inline:<host>:<pid>:<token>` for a close in a CLI process, `queue:…` for a queued
 *   close), the period and run, when it was taken and its latest heartbeat. It is taken and given
 *   back in write-first transactions, so two processes can never both hold it; a holder that died
 *   is recognised (its process is gone, or its heartbeat is older than the lease's time to live)
 *   and replaced.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('close_lease', (t) => {
    t.string('name', 16).primary();
    t.text('holder');
    t.string('period', 7);
    t.text('run_key');
    t.text('acquired_at');
    /** Epoch milliseconds of the holder's latest sign of life. */
    t.bigInteger('heartbeat_ms').notNullable().defaultTo(0);
  });
  await knex('close_lease').insert({ name: 'close', heartbeat_ms: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('close_lease');
}
