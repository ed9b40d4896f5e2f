import { resolve } from 'node:path';
import { queueConfigFromEnv, type QueueConfig } from '../../../jobs/bullmq/queueConfig';
import { withCloseScheduler, CLOSE_SCHEDULER_ID, type ScheduleInfo } from '../../../jobs/bullmq/scheduler';
import { cronProblem } from '../../../jobs/bullmq/cronPattern';
import { processLog } from '../../adapters/log/logger';
import { configFromEnv } from '../../app/config';
import { periodForScheduledRun } from '../../domain/period/scheduledPeriod';
import { DEFAULT_FAIL_ON, type FailOn } from '../../domain/reconcile/failOn';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { describeInstant, isKnownZone } from './zoneTime';
import { DEFAULT_CLOSE_CRON } from './queueDefaults';

/** 12:00 on the 5th (leading field = seconds): deliveries for the month are in by then. */
export const DEFAULT_OUT = './out';

export interface ScheduleOptions {
  cron?: string;
  tz?: string;
  inbox?: string;
  out?: string;
  list?: boolean;
  remove?: boolean;
  failOn?: FailOn;
}

/** `reckon schedule [--cron] [--tz] [--inbox] [--out] | --list | --remove`. */
export async function scheduleCommand(options: ScheduleOptions): Promise<number> {
  if (options.list && options.remove) throw new UserError('--list and --remove cannot be combined', EXIT_USAGE);
  const env = process.env;
  const config = requireQueueConfig(env, 'the schedule is kept in Redis');
  const billingZone = configFromEnv(env).zone;
  const cron = (options.cron ?? (env.RECKON_CLOSE_CRON || DEFAULT_CLOSE_CRON)).trim();
  const cronZone = options.tz ?? billingZone;
  if (!options.list && !options.remove) {
    if (!isKnownZone(cronZone)) throw new UserError(`"${cronZone}" is not a time zone (IANA name, e.g. Asia/Shanghai)`, EXIT_USAGE);
    if (cron === '') throw new UserError('the cron pattern is empty', EXIT_USAGE);
    // Checked before Redis is asked anything: the person sees what is wrong with the pattern.
    const problem = cronProblem(cron, cronZone);
    const source = options.cron !== undefined ? '--cron' : env.RECKON_CLOSE_CRON ? 'RECKON_CLOSE_CRON' : 'the default cron';
    if (problem !== undefined) throw new UserError(`${source} "${cron}" is not a cron expression (${problem})`, EXIT_USAGE);
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  return withCloseScheduler(config, async (scheduler) => {
    if (options.list) {
      const schedules = await scheduler.list();
      if (schedules.length === 0) log('no schedule (run `reckon schedule` to create the month-end close)');
      for (const s of schedules) printSchedule(s, billingZone, log);
      return EXIT_OK;
    }
    if (options.remove) {
      const removed = await scheduler.remove();
      log(removed ? `removed schedule ${CLOSE_SCHEDULER_ID}` : `no schedule ${CLOSE_SCHEDULER_ID} to remove`);
      return EXIT_OK;
    }
    const outDir = resolve(options.out ?? (env.RECKON_OUT || DEFAULT_OUT));
    const inbox = options.inbox ?? env.RECKON_INBOX;
    const inboxDir = inbox ? resolve(inbox) : undefined;
    const failOn = options.failOn ?? DEFAULT_FAIL_ON;
    const next = await scheduler.upsert({ cron, tz: cronZone, outDir, ...(inboxDir ? { inboxDir } : {}), failOn });
    log(`scheduled ${CLOSE_SCHEDULER_ID}: cron "${cron}" in ${cronZone}`);
    if (next !== undefined) log(`  next run: ${describeInstant(next, billingZone)}, closes ${periodForScheduledRun(next, billingZone)}`);
    log(`  inbox: ${inboxDir ? `${inboxDir}/<YYYY-MM>/ (a missing or empty folder fails the run)` : 'none (closes what was ingested)'}`);
    log(`  out: ${outDir}`);
    log(`  fail on: ${failOn}`);
    return EXIT_OK;
  }, processLog());
}

/** The queued runner's settings; without REDIS_URL there is nothing to schedule on. */
export function requireQueueConfig(env: NodeJS.ProcessEnv, why: string): QueueConfig {
  const config = queueConfigFromEnv(env);
  if (!config) throw new UserError(`REDIS_URL is not set (${why}); e.g. REDIS_URL=redis://127.0.0.1:6379`, EXIT_FAILED);
  return config;
}

function printSchedule(s: ScheduleInfo, billingZone: string, log: (line: string) => void): void {
  const rule = s.pattern ? `cron "${s.pattern}"${s.tz ? ` in ${s.tz}` : ''}` : `every ${s.every} ms`;
  log(`${s.id}  job ${s.name}  ${rule}`);
  log(s.next !== undefined
    ? `  next run: ${describeInstant(s.next, billingZone)}, closes ${periodForScheduledRun(s.next, billingZone)}`
    : '  next run: none');
  const data = (s.data ?? {}) as { outDir?: unknown; inboxDir?: unknown; failOn?: unknown };
  if (typeof data.outDir === 'string') log(`  out: ${data.outDir}`);
  if (typeof data.inboxDir === 'string') log(`  inbox: ${data.inboxDir}/<YYYY-MM>/`);
  log(`  fail on: ${typeof data.failOn === 'string' ? data.failOn : DEFAULT_FAIL_ON}`);
}
