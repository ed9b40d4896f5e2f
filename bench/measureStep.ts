import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * One benchmark step: a command in its own child process, with its wall time and peak RSS (the
 * larger of the process's and its launcher child's getrusage peak, else /proc VmHWM polled), and,
 * when it prints `job X: N ms, peak RSS so far M MiB` lines (RECKON_JOB_TIMES=1), its job profile.
 */
const ROOT = resolve(__dirname, '..', '..');

export interface StepResult {
  step: string;
  command: string;
  ok: boolean;
  exitCode: number | null;
  wallMs: number;
  peakRssMiB: number | undefined;
  /** Where the peak RSS figure comes from. */
  rssSource: 'getrusage' | '/proc VmHWM' | 'none';
  detail: Record<string, unknown>;
  error?: string;
}

// The CLI's launcher runs close/ingest in a child process that loads this hook too (it passes
// its execArgv on): each process keeps the larger of its own peak and the one already written.
const RSS_HOOK = `'use strict';
process.on('exit', () => {
  const fs = require('fs');
  const file = process.env.RECKON_BENCH_RSS_FILE;
  try {
    let earlier = 0;
    try { earlier = JSON.parse(fs.readFileSync(file, 'utf8')).maxRssKiB; } catch (e) { /* first writer */ }
    fs.writeFileSync(file, JSON.stringify({ maxRssKiB: Math.max(earlier, process.resourceUsage().maxRSS) }));
  } catch (e) { /* the parent falls back to /proc */ }
});
`;

function readVmHwmKiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function runStep(step: string, args: string[], work: string, captureStdout: boolean): Promise<StepResult & { stdout: string }> {
  const hook = join(work, 'rss-hook.js');
  writeFileSync(hook, RSS_HOOK, 'utf8');
  const rssFile = join(work, `${step}.rss.json`);
  rmSync(rssFile, { force: true });
  // RECKON_JOB_TIMES: a close prints each job's wall time, kept as the step's profile.
  const env = { ...process.env, CI: '1', NO_COLOR: '1', RECKON_BENCH_RSS_FILE: rssFile, RECKON_JOB_TIMES: '1' };
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', hook, ...args], { cwd: ROOT, env, stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const jobs: Record<string, number> = {};
  const jobPeaks: Record<string, number> = {};
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-4000);
    const lines = (partial + s).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^job (\S+): (\d+) ms(?:, peak RSS so far (\d+) MiB)?/.exec(line);
      if (m) jobs[m[1]!] = (jobs[m[1]!] ?? 0) + Number(m[2]);
      if (m?.[3] !== undefined) jobPeaks[m[1]!] = Number(m[3]);
    }
  });
  let polledKiB = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined) polledKiB = Math.max(polledKiB, readVmHwmKiB(child.pid) ?? 0);
  }, 50);
  const exitCode = await new Promise<number | null>((res) => {
    child.on('error', (e) => { stderr += String(e); res(null); });
    child.on('close', (code) => res(code));
  });
  clearInterval(poll);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let peakRssMiB: number | undefined;
  let rssSource: StepResult['rssSource'] = 'none';
  try {
    const { maxRssKiB } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number };
    peakRssMiB = maxRssKiB / 1024;
    rssSource = 'getrusage';
  } catch {
    if (polledKiB > 0) {
      peakRssMiB = polledKiB / 1024;
      rssSource = '/proc VmHWM';
    }
  }
  const command = `node ${args.map((a) => (a.startsWith(ROOT) ? a.slice(ROOT.length + 1) : a)).join(' ')}`;
  const ok = exitCode === 0;
  return {
    step, command, ok, exitCode, wallMs, peakRssMiB, rssSource, detail: Object.keys(jobs).length > 0 ? { jobsMs: jobs, jobsPeakRssMiB: jobPeaks } : {}, stdout,
    ...(ok ? {} : { error: stderr.trim().split('\n').slice(-8).join('\n') || `exit code ${String(exitCode)}` }),
  };
}

