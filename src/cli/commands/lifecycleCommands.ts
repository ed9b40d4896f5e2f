import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runDryClose, type DryRunOutcome } from '../../../jobs/dryRunClose';
import { reopenPeriod } from '../../adapters/store/periodLifecycle';
import { writeFileAtomic } from '../../adapters/output/writeFileAtomic';
import { configFromEnv } from '../../app/config';
import { renderDiffCsv, renderDiffJson, renderDiffText } from '../../domain/revisions/renderDiff';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { describeStore, openStore, storeLocation } from '../openStore';
import { requireOutputFolder } from '../outputFolder';
import { createProgressReporter } from '../progressReporter';
import { DB_HELP, requirePeriod } from '../arguments';
import { abandonClose } from '../../app/close/abandonClose';
import { withCloseLease } from '../../app/close/waitForCloseLease';
import { actorOf, leaseWaitOf, LOCK_TIMEOUT_HELP } from '../closeLeaseOptions';


const log = (line: string) => process.stdout.write(`${line}\n`);

/** `reckon reopen <period> --reason …`: a closed period goes back to open; its revision stays on disk and in force until the next close. */
export async function reopenCommand(period: string, options: { reason: string; actor?: string; db?: string; lockTimeout?: string }): Promise<number> {
  requirePeriod(period);
  if (options.reason.trim() === '') throw new UserError('--reason must say why the period is reopened', EXIT_USAGE);
  const location = storeLocation(options.db, process.env);
  const db = await openStore(location);
  try {
    const actor = actorOf(options.actor, process.env);
    const revision = await withCloseLease(db, { period, ...leaseWaitOf(options.lockTimeout, process.env) },
      () => reopenPeriod(db, { period, reason: options.reason, actor, at: new Date().toISOString() }));
    log(`${period} reopened by ${actor}: "${options.reason}"`);
    log(`rev-${revision} stays as issued (on disk and in the store) and in force until \`reckon close ${period}\` issues rev-${revision + 1}`);
    log(`  (with a diff.json against rev-${revision}; if nothing changed, the close says so and keeps rev-${revision})`);
    log(`store: ${describeStore(location)}`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}

/** `reckon close --abandon <period> --reason …`: a period stuck in closing goes back to open; the next close computes it afresh. */
export async function abandonCommand(period: string, options: { reason?: string; actor?: string; db?: string; lockTimeout?: string }): Promise<number> {
  requirePeriod(period);
  const reason = options.reason?.trim() || 'abandoned close';
  const location = storeLocation(options.db, process.env);
  const db = await openStore(location);
  try {
    const actor = actorOf(options.actor, process.env);
    const runs = await abandonClose(db, { period, reason, actor, at: new Date().toISOString() }, leaseWaitOf(options.lockTimeout, process.env));
    log(`${period}: close abandoned by ${actor} ("${reason}"); ${runs.length ? `run ${runs.join(', ')} dropped (nothing of it was sealed)` : 'no unsealed run'}`);
    log(`${period} is open again: \`reckon close ${period} …\` computes it afresh`);
    log(`store: ${describeStore(location)}`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}


/** Runs a dry close in a temporary folder unless `out` is given; the temporary folder is removed afterwards. */
async function dryRun(
  period: string, options: { input?: string; out?: string; db?: string; quiet?: boolean; lockTimeout?: string }, mode: Parameters<typeof runDryClose>[2], outDir: string | undefined,
): Promise<DryRunOutcome> {
  const location = storeLocation(options.db, process.env);
  const db = await openStore(location);
  const scratch = outDir === undefined ? mkdtempSync(join(tmpdir(), 'reckon-preview-')) : undefined;
  const progress = createProgressReporter(process.stderr, { quiet: Boolean(options.quiet) });
  try {
    return await runDryClose(
      { period, inputDir: options.input ? resolve(options.input) : undefined, outDir: outDir ?? scratch! },
      { db, config: configFromEnv(process.env), now: () => new Date().toISOString(), progress: (e) => progress.report(e) },
      mode,
      leaseWaitOf(options.lockTimeout, process.env),
    );
  } finally {
    progress.stop();
    await db.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

/** `reckon preview <period> [--input …] [--out …]`: the whole close, committed nowhere; prints the diff against the last committed revision. */
export async function previewCommand(period: string, options: { input?: string; out?: string; db?: string; quiet?: boolean; lockTimeout?: string }): Promise<number> {
  requirePeriod(period);
  requireOutputFolder(options.out);
  const out = options.out ? resolve(options.out) : undefined;
  const { outcome, diff } = await dryRun(period, options, { kind: 'preview' }, out);
  log(`preview of ${period} (nothing was committed: the store is as it was)`);
  if (outcome.status === 'unchanged') log(`inputs unchanged since rev-${outcome.summary.revision}: a close would issue no new revision`);
  process.stdout.write(renderDiffText(diff));
  if (out !== undefined) {
    const dir = outcome.emitted.dir;
    await writeFileAtomic(join(dir, 'preview-diff.json'), renderDiffJson(diff));
    await writeFileAtomic(join(dir, 'preview-diff.csv'), renderDiffCsv(diff));
    log(`preview files: ${dir} (${outcome.emitted.files.length} files, plus preview-diff.json/.csv)`);
  }
  return outcome.status === 'parked' ? EXIT_FAILED : EXIT_OK;
}

/** `reckon close <period> --as-of <timestamp>`: recomputes the period from what had arrived by then, into a folder of its own. */
export async function closeAsOfCommand(period: string, asOfText: string, options: { out: string; db?: string; quiet?: boolean; input?: string; lockTimeout?: string }): Promise<number> {
  requirePeriod(period);
  if (options.input) throw new UserError('--as-of recomputes from what the store already holds; it takes no --input', EXIT_USAGE);
  const ms = Date.parse(asOfText);
  if (Number.isNaN(ms)) throw new UserError(`--as-of "${asOfText}" is not a timestamp (e.g. 2026-09-06T12:00:00+08:00)`, EXIT_USAGE);
  requireOutputFolder(options.out);
  const asOf = new Date(ms).toISOString();
  const outDir = join(resolve(options.out), 'as-of', asOf.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'));
  const { outcome, reproduces } = await dryRun(period, options, { kind: 'as-of', asOf }, outDir);
  log(`${period} as of ${asOf}: recomputed as rev-${outcome.summary.revision} from what had arrived by then (nothing committed)`);
  log(`files: ${outcome.emitted.dir} (${outcome.emitted.files.length} files)`);
  if (reproduces?.committed && reproduces.identical) {
    log(`reproduces the committed rev-${reproduces.revision} byte for byte (${outcome.emitted.files.length} files, same SHA-256)`);
  } else if (reproduces?.committed) {
    log(`differs from the committed rev-${reproduces.revision} in ${reproduces.differing.length} file(s): ${reproduces.differing.slice(0, 10).join(', ')}${reproduces.differing.length > 10 ? ', …' : ''}`);
    log('  (records or reference data that arrived after that revision was issued, before the as-of instant)');
  } else {
    log(`no revision of ${period} had been committed by then: this is what a close at that instant would have issued`);
  }
  return EXIT_OK;
}

export function registerLifecycleCommands(program: Command, setExit: (code: number) => void): void {
  program.command('reopen')
    .description('Reopen a closed period: the next close issues revision n+1 with a diff; revision n stays untouched')
    .argument('<period>', 'billing period, YYYY-MM')
    .requiredOption('--reason <text>', 'why the period is reopened (kept in the period\'s history)')
    .option('--actor <name>', 'who reopens it (default: $RECKON_ACTOR, else $USER)')
    .option('--lock-timeout <seconds>', LOCK_TIMEOUT_HELP)
    .option('--db <location>', DB_HELP)
    .action(async (period, opts) => setExit(await reopenCommand(period, opts)));
  program.command('preview')
    .description('Dry run: the whole close (ingest included) through the same code path, committing nothing; prints the diff against the last committed revision')
    .argument('<period>', 'billing period, YYYY-MM')
    .option('-i, --input <dir>', 'delivery folder to take into account (not kept)')
    .option('-o, --out <dir>', 'also write the previewed files (and preview-diff.json/.csv) under <dir>/<period>/rev-<n>/')
    .option('--lock-timeout <seconds>', LOCK_TIMEOUT_HELP)
    .option('--db <location>', DB_HELP)
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', '\nExample:\n  reckon preview 2026-10 --input fixtures/demo/2026-10 --out out/preview')
    .action(async (period, opts) => setExit(await previewCommand(period, opts)));
}
