import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from '../helpers/spawnReckon';

/** The CLI the tests run: this tree's build, or RECKON_TEST_BIN (another build's bin/reckon.js, to see a test fail there). */
export const CLI_BIN = process.env.RECKON_TEST_BIN || join(ROOT, 'bin/reckon.js');
const BARRIER = join(__dirname, 'startTogether.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `reckon <args>` in several processes that start the CLI at the same moment: each waits,
 * once Node is up, for a shared start signal (startTogether.cjs), then for its own delay (ms).
 */
export async function runTogether(args: readonly string[], delaysMs: readonly number[], env: NodeJS.ProcessEnv = {}): Promise<CliResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'reckon-together-'));
  const go = join(dir, 'go');
  try {
    const runs = delaysMs.map((delay) => runCli(args, {
      ...env, NODE_OPTIONS: `--require ${BARRIER}`, RECKON_TEST_START: go, RECKON_TEST_DELAY_MS: String(delay),
    }));
    const deadline = Date.now() + 30_000;
    while (readdirSync(dir).filter((f) => f.startsWith(`${basename(go)}.ready-`)).length < delaysMs.length) {
      if (Date.now() > deadline) throw new Error('the processes did not all start within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    writeFileSync(go, '');
    return await Promise.all(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the built CLI (`node bin/reckon.js …`) as a user would (npm test builds dist/ first),
 * through the launcher as it is installed: batch commands run in its heap-capped child.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
