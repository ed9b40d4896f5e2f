import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportFocusToFile, isKnownPeriod, writeFocusCsv } from '../../app/exportFocus';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { openStore, storeLocation } from '../openStore';
import { DB_HELP, requirePeriod } from '../arguments';

export const DEFAULT_FOCUS_PROVIDER = 'Reckon';

export interface ExportFocusOptions {
  out?: string;
  db?: string;
  provider?: string;
}

/**
 * `reckon export focus <period>`: the period's fee records as a FOCUS 1.0 CSV on stdout or in
 * `--out <file>`; `N record(s) written to <file>` on stderr. A malformed period or an empty
 * `--provider` exits 2; a period the store does not know, or an `--out` that is a folder, exits 1.
 */
export async function exportFocusCommand(period: string, options: ExportFocusOptions): Promise<number> {
  requirePeriod(period);
  const provider = options.provider ?? DEFAULT_FOCUS_PROVIDER;
  if (provider.trim() === '') throw new UserError('--provider must not be empty (it names ProviderName, PublisherName and InvoiceIssuerName)', EXIT_USAGE);
  if (options.out !== undefined) requireOutputFile(options.out, period);
  const db = await openStore(storeLocation(options.db, process.env));
  try {
    if (!(await isKnownPeriod(db, period))) {
      throw new UserError(`period ${period} is not in the store: no delivery brought records for it (\`reckon status\` lists the periods)`, EXIT_FAILED);
    }
    const exportOptions = { period, provider };
    const count = options.out === undefined
      ? await writeFocusCsv(db, exportOptions, process.stdout)
      : await exportFocusToFile(db, exportOptions, options.out);
    process.stderr.write(`${count} record(s) written to ${options.out ?? 'stdout'}\n`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}

/** `--out` names a file: an existing folder there is refused before the store is opened. */
function requireOutputFile(out: string, period: string): void {
  let isFolder = false;
  try {
    isFolder = statSync(out).isDirectory();
  } catch {
    return; // missing (created on writing) or unusable: writing says why
  }
  if (isFolder) throw new UserError(`--out ${out} is a folder: give a file name, e.g. --out ${join(out, `focus-${period}.csv`)}`, EXIT_FAILED);
}

export function registerExportCommands(program: Command, setExit: (code: number) => void): void {
  const exportCommand = program.command('export')
    .description('Write Reckon\'s data in formats other tools read');
  exportCommand.command('focus')
    .description('The period\'s fee records (consumption and refunds) as a FOCUS 1.0 cost-and-usage CSV (FinOps Foundation), for FinOps tools')
    .argument('<period>', 'billing period, YYYY-MM')
    .option('-o, --out <file>', 'write the CSV to this file (replaced whole when done; default: stdout)')
    .option('--provider <name>', 'ProviderName, PublisherName and InvoiceIssuerName of every row', DEFAULT_FOCUS_PROVIDER)
    .option('--db <location>', DB_HELP)
    .addHelpText('after', `
Examples:
  reckon export focus 2026-10 --out exports/focus-2026-10.csv
  reckon export focus 2026-10 --provider "Huawei Cloud" > focus-2026-10.csv

One row per fee record, FOCUS 1.0 columns first, then Reckon's own x_ columns (x_RecordId …).
UTF-8 without BOM, CRLF, amounts exactly as stored (e.g. -0.0000008); text cells a spreadsheet
would run as a formula start with an apostrophe. Column by column: docs/focus-export.md.
Exit codes: 0 written, 1 the period is not in the store (or --out is a folder), 2 wrong arguments.`)
    .action(async (period, opts) => setExit(await exportFocusCommand(period, opts)));
}
