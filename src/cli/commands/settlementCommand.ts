import { errorFamilyOf } from '../../domain/errorFamilies';
import { configFromEnv } from '../../app/config';
import { isoTextInZone } from '../../domain/period/zonedTime';
import { Option, type Command } from 'commander';
import { ConcurrentTransitionError } from '../../adapters/store/settlementAudit';
import {
  advanceSettlement, listSettlements, settlementHistory, SettlementWorkflowError, type SettlementSummary,
} from '../../app/settlementWorkflow';
import { SETTLEMENT_STATUSES, type SettlementStatus } from '../../domain/marketplace/settlementWorkflow';
import { renderTextTable } from '../../domain/statements/textTable';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import type { Database } from '../../adapters/store/openDatabase';
import { withStore } from '../openStore';
import { DB_HELP, requirePeriod } from '../arguments';


const GRAPH_HELP = `
Workflow (DOMAIN §5.2):
  billed → countersigning → countersigned | rejected
  rejected → countersigning (resubmission)
  countersigned → invoice_pending → invoice_review → payment_review   (the statement requires a merchant invoice)
  countersigned → payment_review                                      (it does not)
  payment_review → paid (final)
Advancing writes the audit log only: amounts and issued files never change.`;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Runs `work` against the store; workflow refusals become one-line user errors (no stack trace). */
function withSettlementStore(options: { db?: string }, work: (db: Database) => Promise<number>): Promise<number> {
  return withStore(options.db, work).catch((error: unknown) => {
    if (error instanceof SettlementWorkflowError) {
      const usage = error.code === 'settlement.actor_required' || error.code === 'settlement.reason_required';
      throw new UserError(error.message, usage ? EXIT_USAGE : EXIT_FAILED, errorFamilyOf(error.code));
    }
    if (error instanceof ConcurrentTransitionError) throw new UserError(error.message, EXIT_FAILED, 'CBC.0151');
    throw error;
  });
}

function summaryJson(s: SettlementSummary): Record<string, unknown> {
  return {
    statement_id: s.statementId, period: s.period, revision: s.revision, seller_id: s.sellerId, seller_name: s.sellerName,
    currency: s.currency, payable: s.payable, carried_forward: s.carriedForward, invoice_required: s.invoiceRequired, status: s.status,
  };
}

export async function settlementListCommand(options: { period?: string; status?: SettlementStatus; json?: boolean; db?: string }): Promise<number> {
  if (options.period !== undefined) requirePeriod(options.period, '--period');
  return withSettlementStore(options, async (db) => {
    const list = await listSettlements(db, { period: options.period, status: options.status });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(list.map(summaryJson), null, 2)}\n`);
      return EXIT_OK;
    }
    if (list.length === 0) {
      const filters = [options.period && `period ${options.period}`, options.status && `status ${options.status}`].filter(Boolean).join(', ');
      log(`no settlement statement of a closed period${filters ? ` (${filters})` : ''}`);
      return EXIT_OK;
    }
    const rows = list.map((s) => [
      s.statementId, s.period, String(s.revision), s.sellerId, s.sellerName, s.currency, s.payable, s.carriedForward, s.invoiceRequired ? 'yes' : 'no', s.status,
    ]);
    const header = ['statement', 'period', 'rev', 'seller', 'name', 'currency', 'payable', 'carried forward', 'invoice', 'status'];
    for (const line of renderTextTable(header, rows, new Set([2, 6, 7]))) log(line);
    log(`${list.length} settlement statement(s)`);
    return EXIT_OK;
  });
}

export async function settlementAdvanceCommand(
  statementId: string,
  options: { to: SettlementStatus; by: string; reason?: string; db?: string },
): Promise<number> {
  return withSettlementStore(options, async (db) => {
    const r = await advanceSettlement(db, { statementId, to: options.to, by: options.by, reason: options.reason, at: new Date() });
    const t = r.transition;
    log(`${t.statementId}: ${t.from} → ${t.to} by ${t.actor} at ${isoTextInZone(t.at, configFromEnv(process.env).zone)}${t.reason ? ` (${t.reason})` : ''}`);
    log(r.next.length === 0 ? `${t.to} is final` : `next: ${r.next.join(' | ')}`);
    return EXIT_OK;
  });
}

export async function settlementHistoryCommand(statementId: string, options: { json?: boolean; db?: string }): Promise<number> {
  return withSettlementStore(options, async (db) => {
    const { settlement: s, transitions } = await settlementHistory(db, statementId);
    if (options.json) {
      const history = transitions.map((t) => ({ seq: t.seq, at: t.at, by: t.actor, from: t.from, to: t.to, reason: t.reason }));
      process.stdout.write(`${JSON.stringify({ ...summaryJson(s), transitions: history }, null, 2)}\n`);
      return EXIT_OK;
    }
    log(`${s.statementId}: seller ${s.sellerId}, ${s.currency}, payable ${s.payable}, merchant invoice ${s.invoiceRequired ? 'required' : 'not required'}; status ${s.status}`);
    if (transitions.length === 0) {
      log('no transition yet (billed since the close)');
      return EXIT_OK;
    }
    const zone = configFromEnv(process.env).zone;
    const rows = transitions.map((t) => [String(t.seq), isoTextInZone(t.at, zone), t.actor, t.from, t.to, t.reason]);
    for (const line of renderTextTable(['#', 'at', 'by', 'from', 'to', 'reason'], rows, new Set([0]))) log(line);
    return EXIT_OK;
  });
}

/** `reckon settlement list|advance|history`: the workflow of marketplace settlement statements. */
export function registerSettlementCommands(program: Command, setExit: (code: number) => void): void {
  const settlement = program.command('settlement')
    .description('Marketplace settlement statements of closed periods: list them, move them through the workflow, show their history')
    .addHelpText('after', GRAPH_HELP);
  settlement.command('list')
    .description('Settlement statements of closed periods with payable, carried forward, whether a merchant invoice is required, and current status')
    .option('--period <YYYY-MM>', 'only this period')
    .addOption(new Option('--status <status>', 'only statements in this status').choices(SETTLEMENT_STATUSES))
    .option('--json', 'print a JSON array instead of a table')
    .option('--db <location>', DB_HELP)
    .addHelpText('after', '\nStatuses come from the audit log; a statement without a transition is `billed`.')
    .action(async (opts) => setExit(await settlementListCommand(opts)));
  settlement.command('advance')
    .description('Move a settlement statement to its next status, recording who and why')
    .argument('<statement-id>', 'S-<period>-r<rev>-<currency>-<seller>, as `reckon settlement list` shows it')
    .addOption(new Option('--to <status>', 'the status to move to').choices(SETTLEMENT_STATUSES).makeOptionMandatory())
    .requiredOption('--by <name>', 'who moves it (kept in the audit log)')
    .option('--reason <text>', 'why (required with --to rejected)')
    .option('--db <location>', DB_HELP)
    .addHelpText('after', `${GRAPH_HELP}\nA transition the workflow does not allow exits 1 and names the allowed next statuses.`)
    .action(async (statementId, opts) => setExit(await settlementAdvanceCommand(statementId, opts)));
  settlement.command('history')
    .description('Transitions of a settlement statement, oldest first: when (UTC), who, from, to, why')
    .argument('<statement-id>', 'S-<period>-r<rev>-<currency>-<seller>')
    .option('--json', 'print JSON instead of a table')
    .option('--db <location>', DB_HELP)
    .action(async (statementId, opts) => setExit(await settlementHistoryCommand(statementId, opts)));
}
