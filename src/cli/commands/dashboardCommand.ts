import { startDashboard } from '../../../jobs/bullmq/dashboard';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { requireQueueConfig } from './scheduleCommand';
import { DEFAULT_DASHBOARD_PORT } from './queueDefaults';

/** A stuck Redis must not keep a stopped dashboard alive forever. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** `reckon dashboard [--port N]`: bull-board on 127.0.0.1 until SIGINT/SIGTERM. */
export async function dashboardCommand(options: { port?: string }): Promise<number> {
  const port = options.port === undefined ? DEFAULT_DASHBOARD_PORT : Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UserError(`--port must be 1–65535, got "${options.port}"`, EXIT_USAGE);
  const config = requireQueueConfig(process.env, 'the dashboard shows the queues in Redis');
  let dashboard;
  try {
    dashboard = await startDashboard(config, port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`port ${port} on 127.0.0.1 is already in use; pick another with --port`, EXIT_FAILED);
    throw err;
  }
  process.stdout.write(`dashboard: ${dashboard.url} (queues ingest, compute, close; prefix ${config.prefix}); Ctrl-C stops it\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`${signal}: stopping the dashboard\n`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), SHUTDOWN_TIMEOUT_MS); });
  const stopped = await Promise.race([dashboard.close().then(() => false), timedOut]);
  clearTimeout(timer);
  if (stopped) {
    process.stderr.write(`the dashboard did not stop within ${SHUTDOWN_TIMEOUT_MS / 1000} s\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
