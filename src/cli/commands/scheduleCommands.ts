import { Option, type Command } from 'commander';
import { FAIL_ON_LEVELS } from '../../domain/reconcile/failOn';
import { DEFAULT_CLOSE_CRON, DEFAULT_DASHBOARD_PORT } from './queueDefaults';

// The commands load BullMQ, Express and bull-board only when they run: every other command starts faster.

/** `reckon schedule` and `reckon dashboard`. */
export function registerScheduleCommands(program: Command, setExit: (code: number) => void): void {
  program.command('schedule')
    .description('Create or update the month-end close schedule in Redis (safe to run on every boot); --list shows it, --remove deletes it')
    .option('--cron <pattern>', `cron pattern, seconds field first (default: $RECKON_CLOSE_CRON, else "${DEFAULT_CLOSE_CRON}" = 12:00 on the 5th)`)
    .option('--tz <zone>', 'time zone of the cron pattern (default: $RECKON_ZONE, else Asia/Shanghai)')
    .option('--inbox <dir>', 'deliveries are picked up from <dir>/<YYYY-MM>/; a missing or empty folder fails the run (default: $RECKON_INBOX)')
    .addOption(new Option('--fail-on <level>', 'the scheduled close does not seal when reconciliation has failed (fail) or failed or warned (warn) checks').choices([...FAIL_ON_LEVELS]))
    .option('--out <dir>', 'output folder for statements (default: $RECKON_OUT, else ./out)')
    .option('--list', 'print the schedules and their next run')
    .option('--remove', 'remove the month-end close schedule')
    .addHelpText('after', '\nNeeds REDIS_URL. A scheduled run closes the month before the one it runs in (billing zone), whatever time it actually starts.')
    .action(async (opts) => setExit(await (await import('./scheduleCommand.js')).scheduleCommand(opts)));
  program.command('dashboard')
    .description('Serve the queue dashboard (bull-board) on 127.0.0.1 until Ctrl-C')
    .option('--port <n>', `port on 127.0.0.1 (default ${DEFAULT_DASHBOARD_PORT})`)
    .addHelpText('after', '\nNeeds REDIS_URL. It listens on the loopback interface only; use an SSH tunnel or an authenticating proxy to reach it from elsewhere.')
    .action(async (opts) => setExit(await (await import('./dashboardCommand.js')).dashboardCommand(opts)));
}
