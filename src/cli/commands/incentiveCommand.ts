import { Option, type Command } from 'commander';
import { ConcurrentPayoutError } from '../../adapters/store/incentiveAudit';
import { configFromEnv } from '../../app/config';
import {
  advancePayout, applyForPayout, freezePayout, listPayouts, payoutHistory, PayoutWorkflowError, type PayoutMoveResult, type PayoutSummary,
} from '../../app/incentivePayouts';
import { errorFamilyOf } from '../../domain/errorFamilies';
import { PAYOUT_STATUSES, type PayoutStatus } from '../../domain/incentives/payoutWorkflow';
import { isoTextInZone } from '../../domain/period/zonedTime';
import { renderTextTable } from '../../domain/statements/textTable';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import type { Database } from '../../adapters/store/openDatabase';
import { withStore } from '../openStore';
import { DB_HELP, requirePeriod } from '../arguments';

const GRAPH_HELP = `
Payout workflow (申付, docs/incentive-payouts.md):
  issued → applied (reckon incentive apply: a positive payable; the payout method is fixed here)
  applied → invoice_review → payment_review   (paid by bank or platform_account: the invoice is reviewed)
  applied → payment_review                    (voucher_quota, platform_account_deferred_invoice)
  payment_review → paid (final)
  any status before paid → frozen (reckon incentive freeze, with a reason) → back to where it was
  not paid one year after the partner's programme_end (partners.csv) → lost
Only the audit log is written: amounts and issued files never change.`;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const zone = (): string => configFromEnv(process.env).zone;
const USAGE_CODES = new Set(['incentive.actor_required', 'incentive.reason_required', 'incentive.method']);

/** Runs `work` against the store; payout refusals become one-line user errors (no stack trace). */
function withPayoutStore(options: { db?: string }, work: (db: Database) => Promise<number>): Promise<number> {
  return withStore(options.db, work).catch((error: unknown) => {
    if (error instanceof PayoutWorkflowError) throw new UserError(error.message, USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_FAILED, errorFamilyOf(error.code));
    if (error instanceof ConcurrentPayoutError) throw new UserError(error.message, EXIT_FAILED, 'CBC.0151');
    throw error;
  });
}

function summaryJson(s: PayoutSummary): Record<string, unknown> {
  return {
    statement_id: s.statementId, period: s.period, revision: s.revision, partner_id: s.partnerId, partner_name: s.partnerName,
    currency: s.currency, payable: s.payable, payout_method: s.payoutMethod, status: s.status, lost_at: s.lostAt ?? null,
  };
}

function printMove(r: PayoutMoveResult): number {
  const t = r.transition;
  log(`${t.statementId}: ${t.from} → ${t.to} by ${t.actor} at ${isoTextInZone(t.at, zone())}${t.reason ? ` (${t.reason})` : ''}; paid by ${t.payoutMethod || '-'}`);
  log(r.next.length === 0 ? `${t.to} is final` : `next: ${r.next.join(' | ')}`);
  return EXIT_OK;
}

export async function incentiveListCommand(options: { period?: string; status?: PayoutStatus; json?: boolean; db?: string }): Promise<number> {
  if (options.period !== undefined) requirePeriod(options.period, '--period');
  return withPayoutStore(options, async (db) => {
    const list = await listPayouts(db, { now: new Date(), zone: zone() }, { period: options.period, status: options.status });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(list.map(summaryJson), null, 2)}\n`);
      return EXIT_OK;
    }
    if (list.length === 0) {
      log('no incentive statement of a closed period');
      return EXIT_OK;
    }
    const rows = list.map((s) => [s.statementId, s.partnerId, s.partnerName, s.currency, s.payable, s.payoutMethod || '-', s.status, s.lostAt ?? '']);
    for (const line of renderTextTable(['statement', 'partner', 'name', 'currency', 'payable', 'paid by', 'status', 'lost at'], rows, new Set([4]))) log(line);
    log(`${list.length} incentive statement(s)`);
    return EXIT_OK;
  });
}

export async function incentiveApplyCommand(statementId: string, options: { by: string; method?: string; reason?: string; db?: string }): Promise<number> {
  return withPayoutStore(options, async (db) => printMove(await applyForPayout(db, { statementId, by: options.by, method: options.method, reason: options.reason, at: new Date(), zone: zone() })));
}

export async function incentiveAdvanceCommand(statementId: string, options: { to: PayoutStatus; by: string; reason?: string; db?: string }): Promise<number> {
  return withPayoutStore(options, async (db) => printMove(await advancePayout(db, { statementId, to: options.to, by: options.by, reason: options.reason, at: new Date(), zone: zone() })));
}

export async function incentiveFreezeCommand(statementId: string, options: { by: string; reason?: string; db?: string }): Promise<number> {
  return withPayoutStore(options, async (db) => printMove(await freezePayout(db, { statementId, by: options.by, reason: options.reason, at: new Date(), zone: zone() })));
}

export async function incentiveHistoryCommand(statementId: string, options: { json?: boolean; db?: string }): Promise<number> {
  return withPayoutStore(options, async (db) => {
    const { payout: s, transitions } = await payoutHistory(db, statementId, { now: new Date(), zone: zone() });
    if (options.json) {
      const history = transitions.map((t) => ({ seq: t.seq, at: t.at, by: t.actor, from: t.from, to: t.to, reason: t.reason, payout_method: t.payoutMethod }));
      process.stdout.write(`${JSON.stringify({ ...summaryJson(s), transitions: history }, null, 2)}\n`);
      return EXIT_OK;
    }
    log(`${s.statementId}: partner ${s.partnerId}, ${s.currency}, payable ${s.payable}, paid by ${s.payoutMethod || '-'}; status ${s.status}${s.lostAt ? `; lost at ${s.lostAt} unless paid` : ''}`);
    if (transitions.length === 0) {
      log('no transition yet (issued by the close)');
      return EXIT_OK;
    }
    const rows = transitions.map((t) => [String(t.seq), isoTextInZone(t.at, zone()), t.actor, t.from, t.to, t.payoutMethod, t.reason]);
    for (const line of renderTextTable(['#', 'at', 'by', 'from', 'to', 'paid by', 'reason'], rows, new Set([0]))) log(line);
    return EXIT_OK;
  });
}

/** `reckon incentive list|apply|advance|freeze|history`: the payout workflow of incentive statements. */
export function registerIncentiveCommands(program: Command, setExit: (code: number) => void): void {
  const incentive = program.command('incentive')
    .description('Incentive statements of closed periods: apply for payout (申付), move them through review to paid, freeze them, show their history')
    .addHelpText('after', GRAPH_HELP);
  const id = '<statement-id>';
  const idHelp = 'I-<period>-r<rev>-<currency>-<partner>, as `reckon incentive list` shows it';
  incentive.command('list')
    .description('Incentive statements of closed periods with payable, payout method and payout status')
    .option('--period <YYYY-MM>', 'only this period')
    .addOption(new Option('--status <status>', 'only statements in this status').choices(PAYOUT_STATUSES))
    .option('--json', 'print a JSON array instead of a table')
    .option('--db <location>', DB_HELP)
    .action(async (opts) => setExit(await incentiveListCommand(opts)));
  incentive.command('apply')
    .description('Apply for the payout of an incentive (positive payable only); its payout method is fixed from now on')
    .argument(id, idHelp)
    .requiredOption('--by <name>', 'who applies (kept in the audit log)')
    .option('--method <method>', 'payout method (default: the statement\'s, from partners.csv): bank, platform_account, voucher_quota, platform_account_deferred_invoice')
    .option('--reason <text>', 'a note')
    .option('--db <location>', DB_HELP)
    .action(async (statementId, opts) => setExit(await incentiveApplyCommand(statementId, opts)));
  incentive.command('advance')
    .description('Move an applied incentive to its next status (or a frozen one back to where it was)')
    .argument(id, idHelp)
    .addOption(new Option('--to <status>', 'the status to move to').choices(['invoice_review', 'payment_review', 'paid', 'issued', 'applied']).makeOptionMandatory())
    .requiredOption('--by <name>', 'who moves it')
    .option('--reason <text>', 'why')
    .option('--db <location>', DB_HELP)
    .addHelpText('after', `${GRAPH_HELP}\nA move the workflow does not allow exits 1 and names the allowed next statuses.`)
    .action(async (statementId, opts) => setExit(await incentiveAdvanceCommand(statementId, opts)));
  incentive.command('freeze')
    .description('Freeze an incentive not yet paid, with a reason (advance --to <its previous status> unfreezes it)')
    .argument(id, idHelp)
    .requiredOption('--by <name>', 'who freezes it')
    .option('--reason <text>', 'why (required)')
    .option('--db <location>', DB_HELP)
    .action(async (statementId, opts) => setExit(await incentiveFreezeCommand(statementId, opts)));
  incentive.command('history')
    .description('Payout transitions of an incentive statement, oldest first')
    .argument(id, idHelp)
    .option('--json', 'print JSON instead of a table')
    .option('--db <location>', DB_HELP)
    .action(async (statementId, opts) => setExit(await incentiveHistoryCommand(statementId, opts)));
}
