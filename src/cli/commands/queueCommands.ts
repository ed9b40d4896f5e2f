import type { Command } from 'commander';
import { runsCommand } from './runsCommand';
import { DB_HELP } from '../arguments';


/** `reckon worker` and `reckon runs` (the queued runner). */
export function registerQueueCommands(program: Command, setExit: (code: number) => void): void {
  program.command('worker')
    .description('Process queued close jobs (ingest, compute, close queues) until SIGTERM/SIGINT')
    .option('--concurrency <n>', 'jobs at once per queue (default 1; compute is CPU-bound, keep ≤ cores)')
    .option('--queues <list>', 'comma-separated queues to serve (default ingest,compute,close)')
    .option('--shutdown-timeout <ms>', 'on SIGTERM/SIGINT, wait this long for active jobs before leaving them to another worker (default 30000)')
    .option('--db <location>', DB_HELP)
    .addHelpText('after', '\nNeeds REDIS_URL. RECKON_QUEUE_PREFIX, RECKON_LOCK_MS and RECKON_STALLED_INTERVAL_MS tune the queue keys and crash take-over.')
    .action(async (opts) => setExit(await (await import('./workerCommand.js')).workerCommand(opts)));
  program.command('runs')
    .description('Close runs with state, start/finish, duration, statements, checks and parked partners')
    .option('--period <YYYY-MM>', 'only this period')
    .option('--db <location>', DB_HELP)
    .action(async (opts) => setExit(await runsCommand(opts)));
}
