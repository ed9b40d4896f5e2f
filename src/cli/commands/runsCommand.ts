import { renderTextTable } from '../../domain/statements/textTable';
import { configFromEnv } from '../../app/config';
import { isoTextInZone } from '../../domain/period/zonedTime';
import { listRuns, type CloseRunRow } from '../../adapters/store/closeStore';
import { listParkedPartners } from '../../adapters/store/parkedPartners';
import { EXIT_OK } from '../exitCodes';
import { openStore, storeLocation } from '../openStore';
import { requirePeriod } from '../arguments';

interface RunSummary {
  statements?: number;
  checks?: { ok: number; warn: number; fail: number };
}

/** `reckon runs [--period YYYY-MM]`: close runs from the store, with state, timings and counts. */
export async function runsCommand(options: { period?: string; db?: string }): Promise<number> {
  if (options.period !== undefined) requirePeriod(options.period, '--period');
  const db = await openStore(storeLocation(options.db, process.env));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const runs = await listRuns(db, options.period);
    if (runs.length === 0) {
      log(options.period ? `no close run for ${options.period}` : 'no close run yet');
      return EXIT_OK;
    }
    const zone = configFromEnv(process.env).zone;
    const rows: string[][] = [];
    for (const run of runs) {
      const parked = await listParkedPartners(db, run.id);
      rows.push(runCells(run, zone, parked.map((p) => `${p.kind ? `${p.kind} ` : ''}${p.partnerId} (${p.code})`)));
    }
    // Aligned columns (display width: CJK and emoji ids count double), numbers on the right.
    for (const line of renderTextTable(['run', 'state', 'started', 'finished', 'duration', 'statements', 'checks ok/warn/fail', 'parked'], rows, new Set([4, 5, 6]))) log(line);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}

function runCells(run: CloseRunRow, zone: string, parked: string[]): string[] {
  const s = (run.summary ?? {}) as RunSummary;
  const duration = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '-';
  const checks = s.checks ? `${s.checks.ok}/${s.checks.warn}/${s.checks.fail}` : '-';
  return [
    run.runKey, run.state, isoTextInZone(run.startedAt, zone), run.finishedAt ? isoTextInZone(run.finishedAt, zone) : '-', duration, String(s.statements ?? '-'), checks, parked.length ? parked.join(', ') : '-',
  ];
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
