import type { Command } from 'commander';
import { runDoctor } from '../../app/doctor';
import { DB_HELP } from '../arguments';
import { EXIT_FAILED, EXIT_OK } from '../exitCodes';
import { storeLocation } from '../openStore';

/** `reckon doctor`: one line per check, `ok`/`warn`/`fail` and what to do; exit 0 unless a check fails. */
export async function doctorCommand(options: { db?: string; out?: string }): Promise<number> {
  const findings = await runDoctor({ store: storeLocation(options.db, process.env), out: options.out ?? 'out', env: process.env, nodeVersion: process.version });
  for (const f of findings) process.stdout.write(`${f.status.padEnd(4)} ${f.check}: ${f.message}\n`);
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  process.stdout.write(failed > 0 ? `${failed} check(s) failed: fix them before a close\n` : warned > 0 ? `all needed checks pass (${warned} warning(s))\n` : 'all checks pass\n');
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

export function registerDoctorCommand(program: Command, setExit: (code: number) => void): void {
  program.command('doctor')
    .description('Check what a close needs: Node, the SQLite driver, the store and its migrations, Redis (with REDIS_URL), Chromium for PDFs, free disk')
    .option('--db <location>', DB_HELP)
    .option('-o, --out <dir>', 'the output folder whose free space is checked', 'out')
    .addHelpText('after', '\nReads only: creates and migrates nothing. Exit 0 when no check fails (warnings included), 1 otherwise.')
    .action(async (opts) => setExit(await doctorCommand(opts)));
}
