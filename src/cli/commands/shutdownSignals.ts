import type { Logger } from '../../adapters/log/logger';

/**
 * SIGTERM/SIGINT handling of a long-running command (`reckon worker`). The first signal starts
 * the shutdown and arms a deadline; a second one, or a shutdown still going at the deadline,
 * ends the process at once. The command must stop within its shutdown timeout whatever a library
 * does; a hung Redis once kept a worker alive long after SIGTERM.
 */
export interface ShutdownSignals {
  /** Resolves with the first SIGTERM or SIGINT. */
  readonly first: Promise<NodeJS.Signals>;
  /**
   * The shutdown is done: the process exits with `code` as soon as nothing keeps it busy, and
   * at the latest after a short grace. A job left running after a forced stop would hold it, and
   * so would library timers (ioredis gives a socket it disconnects 2 s to close, BullMQ's fetch
   * loop waits up to its drain delay).
   */
  finished(code: number): void;
  /** Startup failed: remove the handlers, the command ends the normal way. */
  dispose(): void;
}

/** How long a finished shutdown waits for the event loop to drain before exiting anyway. */
const EXIT_GRACE_MS = 500;

export function shutdownSignals(log: Logger, deadlineMs: number, forcedExitCode: number): ShutdownSignals {
  let received: NodeJS.Signals | undefined;
  let resolveFirst: (signal: NodeJS.Signals) => void = () => undefined;
  const first = new Promise<NodeJS.Signals>((resolve) => { resolveFirst = resolve; });
  let timer: NodeJS.Timeout | undefined;
  // Unref'd: a shutdown that completes lets the process end on its own, without waiting for it.
  const exitAfter = (ms: number, code: number, line?: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (line) log.error({ event: 'worker.shutdown_deadline', deadlineMs, exitCode: code }, line);
      process.exit(code);
    }, ms).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      log.warn({ event: 'worker.exit_now', signal, exitCode: forcedExitCode }, `${signal} again: exiting now; jobs still active are left to another worker`);
      process.exit(forcedExitCode);
    }
    received = signal;
    exitAfter(deadlineMs, forcedExitCode, `shutdown still not done after ${deadlineMs} ms: exiting; jobs still active are left to another worker`);
    resolveFirst(signal);
  };
  const dispose = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    first,
    finished: (code) => exitAfter(EXIT_GRACE_MS, code),
    dispose() {
      clearTimeout(timer);
      dispose();
    },
  };
}
