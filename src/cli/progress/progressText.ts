import { fractionOf, type StepState } from './progressSteps';

/**
 * The words of progress output, shared by the terminal bars and the plain lines: a step's
 * summary once it is over, and how far it is (percentage, counts, rate, elapsed, ETA) meanwhile.
 */

/** Below this a rate says more about the clock than about the work: it is left out. */
const MIN_RATE_MS = 100;

/** `2026-12-07T08:01:02Z`: log lines carry UTC to the second. */
export function timestampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `40 ms`, `3.1 s`, `42 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `512 B`, `1.7 KiB`, `17.2 MiB`, `1.25 GiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Per second, to three significant digits: `38,700 rows/s`, `52.4 rows/s`, `5.6 MiB/s`. */
export function formatRate(perSecond: number, noun: string): string {
  if (noun === 'bytes') return `${formatBytes(Math.round(perSecond))}/s`;
  if (perSecond < 100) return `${perSecond.toFixed(1)} ${noun}/s`;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(perSecond)) - 2);
  return `${formatCount(Math.round(perSecond / step) * step)} ${noun}/s`;
}

/** A step's name in a line: `ingest consumption.csv`, `compute partners`. */
export function titleOf(step: StepState): string {
  return `${step.stage} ${step.label}`;
}

/** What a finished step did: `120,000 rows (17.2 MiB) in 3.1 s, 38,700 rows/s`. */
export function summaryText(step: StepState): string {
  const elapsed = step.atMs - step.startedMs;
  if (step.unit === 'step') return `done in ${formatDuration(elapsed)}`;
  const rate = rateText(step, elapsed);
  return `${amountText(step, true)} in ${formatDuration(elapsed)}${rate === '' ? '' : `, ${rate}`}`;
}

/** How far a running step is: `45% of 17.2 MiB, 52,000 rows, 38,700 rows/s, 1.4 s elapsed, ETA 1.7 s`. */
export function runningText(step: StepState, nowMs: number): string {
  const elapsed = nowMs - step.startedMs;
  const fraction = fractionOf(step);
  const parts: string[] = [];
  if (fraction !== undefined) parts.push(`${Math.floor(fraction * 100)}%`);
  // Nothing counted yet and nothing to count towards (an emit starting): no number to show.
  const counted = step.done > 0 || step.total > 0 || step.rows !== undefined;
  if (step.unit !== 'step' && counted) parts.push(amountText(step, false));
  const rate = rateText(step, elapsed);
  if (rate !== '') parts.push(rate);
  parts.push(`${formatDuration(elapsed)} elapsed`);
  const eta = etaMs(step, nowMs);
  if (eta !== undefined) parts.push(eta < 1000 ? 'ETA <1 s' : `ETA ${formatDuration(eta)}`);
  return parts.join(', ');
}

/** The remaining time at the pace since the count began to move; unknown before it moves. */
function etaMs(step: StepState, nowMs: number): number | undefined {
  const fraction = fractionOf(step);
  if (fraction === undefined || step.finished || step.done <= 0) return undefined;
  return ((nowMs - step.zeroMs) * (step.total - step.done)) / step.done;
}

/** The step's counts: bytes as sizes, rows and items as numbers (items done of their total). */
function amountText(step: StepState, finished: boolean): string {
  const rows = step.rows === undefined ? '' : `${formatCount(step.rows)} ${rowNoun(step)}`;
  if (step.unit === 'bytes') {
    const size = finished || step.total <= 0 ? formatBytes(step.done) : `${formatBytes(step.done)} of ${formatBytes(step.total)}`;
    if (rows === '') return size;
    return finished ? `${rows} (${size})` : `${size}, ${rows}`;
  }
  const counted = step.total > 0 ? `${formatCount(step.done)}/${formatCount(step.total)}` : formatCount(step.done);
  if (step.unit === 'rows') return `${counted} ${rowNoun(step)}`;
  return rows === '' ? counted : `${counted}, ${rows}`;
}

/** `38,700 rows/s` (rows when counted, else bytes), or '' when there is no rate worth showing. */
function rateText(step: StepState, elapsed: number): string {
  if (elapsed < MIN_RATE_MS) return '';
  const perSecond = (n: number) => (n * 1000) / elapsed;
  if (step.rows !== undefined) return step.rows > 0 ? formatRate(perSecond(step.rows), rowNoun(step)) : '';
  if (step.unit === 'rows') return formatRate(perSecond(step.done), rowNoun(step));
  if (step.unit === 'bytes') return formatRate(perSecond(step.done), 'bytes');
  return '';
}

/** A compute pass reads records; a file has rows. */
function rowNoun(step: StepState): string {
  return step.stage === 'compute' ? 'records' : 'rows';
}
