import { Command, CommanderError, Option } from 'commander';
import { ENGINE_VERSION } from '../app/engineVersion';
import { closeCommand } from './commands/closeCommand';
import { ingestCommand } from './commands/ingestCommand';
import { importCommand } from './commands/importCommand';
import { IMPORT_FORMATS } from '../domain/imports/importFormat';
import { pdfCommand } from './commands/pdfCommand';
import { registerQueueCommands } from './commands/queueCommands';
import { registerScheduleCommands } from './commands/scheduleCommands';
import { registerSettlementCommands } from './commands/settlementCommand';
import { registerIncentiveCommands } from './commands/incentiveCommand';
import { registerDoctorCommand } from './commands/doctorCommand';
import { recordsCommand } from './commands/recordsCommand';
import { rejectsCommand } from './commands/rejectsCommand';
import { explainCommand } from './commands/explainCommand';
import { statusCommand } from './commands/statusCommand';
import { abandonCommand, closeAsOfCommand, registerLifecycleCommands } from './commands/lifecycleCommands';
import { registerExportCommands } from './commands/exportCommand';
import { LOCK_TIMEOUT_HELP } from './closeLeaseOptions';
import { EXIT_FAILED, EXIT_INTERNAL, EXIT_USAGE, isUserFacingError, UserError } from './exitCodes';
import { describeEnvironmentError } from './environmentError';
import { DB_HELP } from './arguments';
import { errorFamilyOf, errorFamilyOfExit } from '../domain/errorFamilies';
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS } from '../domain/reconcile/failOn';


function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('reckon')
    .description('Reckon: exact, repeatable billing period closes for cloud partner programmes.')
    .version(ENGINE_VERSION)
    .exitOverride()
    // Wrong arguments read like every other error: `reckon: [CBC.0100] …` (docs/error-codes.md).
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'reckon: [CBC.0100] ')) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  reckon close 2026-10 --input fixtures/demo/2026-10 --out out
  reckon status 2026-10
  reckon preview 2026-11 --input deliveries/2026-11
  reckon reopen 2026-10 --reason "platform corrected its summary"
  reckon close 2026-10 --as-of 2026-11-06T12:00:00+08:00 --out out
  reckon rejects 2026-10
  reckon ingest focus-2024-09.csv --format focus
  reckon records --period 2026-10 --customer CUST-0010 --bill-type 5
  reckon settlement list --period 2026-10

Store: --db, else $RECKON_DB, else ./reckon.sqlite (a postgres:// URL selects PostgreSQL).
Exit codes: 0 done, 1 failed (stderr says why: input, store, output folder), 2 wrong arguments,
3 close held by --fail-on, 4 close --wait --timeout ran out, 70 internal error (a bug).`);
  program.command('close')
    .description('Ingest a delivery (optional), close the period and write its statements under <out>/<period>/rev-<n>/')
    .argument('<period>', 'billing period, YYYY-MM')
    .option('-i, --input <dir>', 'delivery folder to ingest first (consumption.csv, refunds.csv, adjustments.csv, reference/)')
    .option('-o, --out <dir>', 'output folder for statements (required, except with --abandon)')
    .option('--db <location>', DB_HELP)
    .option('-q, --quiet', 'no progress output')
    .option('--wait', 'with REDIS_URL: follow the queued close to its end and exit with its outcome')
    .option('--timeout <duration>', 'with --wait: stop waiting after this long (e.g. 90s, 30m, 2h) and exit 4; the close goes on in the workers')
    .addOption(new Option('--fail-on <level>', 'do not seal when reconciliation has failed checks (fail) or failed or warned checks (warn): exit 3, the period stays open for a corrected close').choices([...FAIL_ON_LEVELS]).default(DEFAULT_FAIL_ON))
    .option('--allow-empty', 'close a period that has no records (and no late records to book); refused otherwise, since an empty month is usually a missing delivery')
    .option('--lock-timeout <seconds>', LOCK_TIMEOUT_HELP)
    .option('--abandon', 'give up the unfinished close of a period stuck in closing (killed, failed, parked): its unsealed run is dropped and the period is open again')
    .option('--reason <text>', 'with --abandon: why (kept in the period\'s history)')
    .option('--actor <name>', 'with --abandon: who (default: $RECKON_ACTOR, else $USER)')
    .option('--as-of <timestamp>', 'recompute the period from only what had arrived by then, into <out>/as-of/<timestamp>/ (commits nothing; says whether it reproduces the revision then in force byte for byte)')
    .addHelpText('after', '\nWith REDIS_URL set the close is enqueued for `reckon worker` processes and its run key printed; without, it runs in this process.')
    .action(async (period, opts) => setExit(await closeAction(period, opts)));
  program.command('ingest')
    .description('Ingest a delivery folder, or with --format a cloud\'s own billing export; bad rows are quarantined, re-ingesting the same files changes nothing')
    .argument('<path>', 'delivery folder; with --format, an export file or a folder of *.csv exports')
    .addOption(new Option('--format <format>', 'the path is a cloud billing export of this kind (docs/import-formats.md)').choices([...IMPORT_FORMATS]))
    .option('--period <YYYY-MM>', 'period the delivery is for (tags its rejects; default: each row\'s bill_cycle)')
    .option('--db <location>', DB_HELP)
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', `
Examples:
  reckon ingest fixtures/demo/2026-10
  reckon ingest focus-2024-09.csv --format focus
  reckon ingest cur-exports/ --format aws-cur     (every *.csv and *.csv.gz of the folder, in name order)

A cloud export becomes consumption and refund records (credits), one per row with an amount;
rows with an empty or NULL amount are counted as skipped. Each file's amount column is summed
apart from the mapping and compared with its records (import.total, printed here and checked in
the close's reconciliation.json).`)
    .action(async (path, opts) => setExit(await ingestCommand(path, opts)));
  program.command('import')
    .description('Write the contract delivery (consumption.csv, refunds.csv) a cloud billing export amounts to, to look at before ingesting')
    .argument('<path>', 'an export file, or a folder of *.csv exports')
    .addOption(new Option('--format <format>', 'which cloud\'s export (docs/import-formats.md)').choices([...IMPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('-o, --out <dir>', 'delivery folder to write (must not hold consumption.csv, refunds.csv or adjustments.csv yet)')
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', `
Example:
  reckon import focus-2024-09.csv --format focus --out deliveries/2024-09
  reckon ingest deliveries/2024-09          (the same records as: reckon ingest focus-2024-09.csv --format focus)

Rejected rows go to import-rejects.csv (file, line, column, value, code, message). Reads no store.`)
    .action(async (path, opts) => setExit(await importCommand(path, opts)));
  program.command('status')
    .description('Periods and their state; with a period: its close runs, input files and reject count')
    .argument('[period]', 'billing period, YYYY-MM')
    .option('--db <location>', DB_HELP)
    .action(async (period, opts) => setExit(await statusCommand(period, opts)));
  program.command('rejects')
    .description('Rows quarantined for a period: file, line, column, value and why')
    .argument('<period>', 'billing period, YYYY-MM')
    .option('--csv', 'print as rejects.csv')
    .option('--db <location>', DB_HELP)
    .action(async (period, opts) => setExit(await rejectsCommand(period, opts)));
  program.command('explain')
    .description('The records (and rules) behind a statement figure, from the statement JSON and its lineage file beside it')
    .argument('<statement-file>', 'statement.json, settlement.json or incentive.json (any currency) of a revision folder')
    .argument('<line-or-field>', 'a line key (customers[C-001]), a figure (customers[C-001].consumption) or a total (totals.consumption)')
    .option('--limit <n>', 'list at most n records (default 50; with --csv, every row unless given)')
    .option('--csv', 'print the selected lineage rows as CSV')
    .addHelpText('after', `
Examples:
  reckon explain out/2026-10/rev-1/partners/P-D01/statement.json 'customers[CUST-0001].consumption'
  reckon explain out/2026-10/rev-1/partners/P-D01/statement.json totals.consumption --limit 10
  reckon explain out/2026-10/rev-1/merchants/M-ALPHA/settlement.json 'products[ALPHA-ERP]' --csv

No store is needed: it reads <X>.json and <X>.lineage.csv (docs/lineage.md).
Exit codes: 0 shown, 1 a file is missing or unreadable, 2 unknown line or wrong arguments.`)
    .action(async (file, what, opts) => setExit(await explainCommand(file, what, opts)));
  program.command('pdf')
    .description('Print statement pages and dashboards to PDF beside them, through a headless Chromium')
    .argument('<html-file|revision-dir>', 'one .html page, or a revision folder (every page under it)')
    .option('-q, --quiet', 'no line per page')
    .addHelpText('after', `
Examples:
  reckon pdf out/2026-10/rev-1                      # every page of the revision: statement.pdf beside statement.html …
  reckon pdf out/2026-10/rev-1/partners/P-D01/statement.html

Needs Chromium or Chrome: apt-get install -y chromium (Debian/Ubuntu), or RECKON_CHROMIUM=<executable>.
PDFs are copies for people: they are not in manifest.json. Exit codes: 0 printed, 1 no browser or a page failed.`)
    .action(async (target, opts) => setExit(await pdfCommand(target, opts)));
  program.command('records')
    .description('Fee records of a period matching the detail filters, as CSV')
    .requiredOption('--period <YYYY-MM>', 'billing period')
    .option('--customer <id>', 'customer_id')
    .option('--account-name <name>', 'account_name')
    .option('--manager <id>', 'account manager (of the record or of its association)')
    .option('--trade <id>', 'order or transaction id (trade_id)')
    .option('--resource <id-or-name>', 'resource_id or resource_name')
    .option('--product-type <code>', 'service_type_code, e.g. hws.service.type.ebs')
    .addOption(new Option('--association-type <type>', 'association at trade_time').choices(['resale', 'referral']))
    .option('--charging-mode <code>', 'charging_mode (1, 3, 10, 11)')
    .option('--bill-type <code>', 'bill_type (e.g. 1, 5, 12, 4)')
    .option('--region <code>', 'region_code')
    .option('--partner <id>', 'partner the record is attributed to')
    .addOption(new Option('--kind <kind>', 'record kind').choices(['consumption', 'refund', 'all']).default('all'))
    .option('--limit <n>', 'at most n records')
    .option('--db <location>', DB_HELP)
    .action(async (opts) => setExit(await recordsCommand(opts)));
  registerQueueCommands(program, setExit);
  registerScheduleCommands(program, setExit);
  registerSettlementCommands(program, setExit);
  registerIncentiveCommands(program, setExit);
  registerDoctorCommand(program, setExit);
  registerLifecycleCommands(program, setExit);
  registerExportCommands(program, setExit);
  return program;
}

/** `reckon close`: a close, an as-of recomputation, or (with --abandon) giving up a stuck close. */
async function closeAction(period: string, opts: { out?: string; abandon?: boolean; asOf?: string; reason?: string; actor?: string }): Promise<number> {
  if (opts.abandon) return abandonCommand(period, opts);
  if (opts.reason !== undefined || opts.actor !== undefined) throw new UserError('--reason and --actor go with --abandon (a close needs neither)', EXIT_USAGE);
  if (opts.out === undefined) throw new UserError("required option '-o, --out <dir>' not specified", EXIT_USAGE);
  return opts.asOf ? closeAsOfCommand(period, opts.asOf, { ...opts, out: opts.out }) : closeCommand(period, { ...opts, out: opts.out });
}

/** Runs the CLI; resolves to the process exit code (documented in docs/cli.md). */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => { exitCode = code; });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    if (isUserFacingError(err)) {
      // [family] first (docs/error-codes.md), then Reckon's own code when the error has one
      // (a CBC code is its own family: said once).
      const family = err instanceof UserError ? err.family ?? errorFamilyOfExit(err.exitCode === EXIT_USAGE) : errorFamilyOf(err.code);
      const code = err instanceof UserError || err.code === family ? '' : `${err.code}: `;
      process.stderr.write(`reckon: [${family}] ${code}${err.message}\n`);
      return err instanceof UserError ? err.exitCode : 1;
    }
    const environment = describeEnvironmentError(err);
    if (environment !== undefined) {
      // RECKON_DEBUG=1 keeps the stack, for the rare case where such an error hides a bug.
      process.stderr.write(`reckon: [CBC.0999] ${environment}\n${process.env.RECKON_DEBUG ? `${(err as Error).stack}\n` : ''}`);
      return EXIT_FAILED;
    }
    process.stderr.write(`reckon: [CBC.0999] internal error (please report): ${err instanceof Error ? err.stack : String(err)}\n`);
    return EXIT_INTERNAL;
  }
}
