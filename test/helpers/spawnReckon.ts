import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './listFiles';

export const ROOT = join(__dirname, '../..');
export const DEMO = join(ROOT, 'fixtures/demo');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/**
 * Starts the built CLI (npm test builds dist/ first) as a user would, without waiting for it.
 * The launcher runs the command in its own process (no heap-capped child), so that a signal sent
 * to `child` reaches the process doing the work.
 */
export function startReckon(args: string[], options: { cwd: string; env?: Record<string, string> }): RunningCli {
  const child = spawn(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], {
    cwd: options.cwd, env: { ...process.env, RECKON_MAX_HEAP_MB: '0', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += String(d); });
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const reckonAsync = (args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> => startReckon(args, options).done;

/** Every file under `root` with its SHA-256: two trees are byte-identical when these are equal. */
export function treeDigest(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of listFiles(root)) out[file] = createHash('sha256').update(readFileSync(join(root, file))).digest('hex');
  return out;
}
