import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from './exitCodes';

/**
 * Checks, before a command changes anything, that `--out` can take its files: an existing
 * writable folder, or a path whose nearest existing parent is a writable folder (it is created
 * later). Otherwise the command fails at once with one line (exit 1): a close that only found out
 * when writing its statements would have started its run and left the period closing. Nothing is
 * created here. `out` undefined (an optional --out not given) passes.
 */
export function requireOutputFolder(out: string | undefined, option = '--out'): void {
  if (out === undefined) return;
  const target = resolve(out);
  let path = target;
  for (;;) {
    const stat = statOrUndefined(path, out, option);
    if (stat !== undefined) {
      if (!stat.isDirectory()) {
        throw new UserError(path === target
          ? `${option} ${out} is a file, not a folder: give a folder for the output`
          : `${option} ${out} cannot be created: ${path} is a file, not a folder`);
      }
      if (!writable(path)) {
        throw new UserError(path === target
          ? `${option} ${out} is not writable: make it writable for this user or give another folder`
          : `${option} ${out} cannot be created: ${path} is not writable`);
      }
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}

function statOrUndefined(path: string, out: string, option: string) {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined; // a file further up: found as the walk goes on
    throw new UserError(`${option} ${out} cannot be used: ${path} (${code})`);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
