import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../../jobs/jobContext';

export interface ProgressReporter {
  report(event: ProgressEvent): void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 2000;

function formatAmount(value: number, unit: ProgressEvent['unit']): string {
  if (unit === 'bytes') return `${(value / 1048576).toFixed(1)} MiB`;
  return value.toLocaleString('en-US');
}

/**
 * Progress for people: bars on a terminal, a plain line every few seconds (and at the end of
 * each step) when output goes to a file or CI log; nothing with --quiet.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, options: { quiet: boolean }): ProgressReporter {
  if (options.quiet) return { report: () => undefined, stop: () => undefined };
  if (stream.isTTY) return barReporter(stream);
  return plainReporter(stream);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    { stream, clearOnComplete: false, hideCursor: true, format: ' {stage} |{bar}| {value}/{total} {label}', fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    report(e) {
      const key = `${e.stage}:${e.label}`;
      const total = e.total > 0 ? e.total : Math.max(e.done, 1);
      let bar = bars.get(key);
      if (!bar) {
        bar = multibar.create(total, 0, { stage: e.stage.padEnd(9), label: e.label });
        bars.set(key, bar);
      }
      bar.setTotal(total);
      bar.update(e.done, { stage: e.stage.padEnd(9), label: e.label });
    },
    stop: () => multibar.stop(),
  };
}

function plainReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const lastPrinted = new Map<string, number>();
  const finishedKeys = new Set<string>();
  return {
    report(e) {
      const key = `${e.stage}:${e.label}`;
      const finished = e.total > 0 && e.done >= e.total;
      const now = Date.now();
      if (finishedKeys.has(key)) return;
      if (finished) finishedKeys.add(key);
      else if (now - (lastPrinted.get(key) ?? 0) < PLAIN_INTERVAL_MS) return;
      lastPrinted.set(key, now);
      if (e.unit === 'items' && e.total === 1) {
        stream.write(`${e.stage}: ${e.label} ${finished ? 'done' : '…'}\n`);
        return;
      }
      const of = e.total > 0 ? ` of ${formatAmount(e.total, e.unit)}` : '';
      stream.write(`${e.stage}: ${e.label}: ${formatAmount(e.done, e.unit)}${of}${finished ? ' done' : ''}\n`);
    },
    stop: () => undefined,
  };
}
