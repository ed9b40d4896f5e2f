import { describeStoreFailure } from '../adapters/store/storeFailure';

/** What went wrong with a path, by the errno Node reports, and what to do about it. */
const PATH_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied: make it readable/writable for this user',
  EPERM: 'operation not permitted: check its permissions',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'a file of that name is in the way',
  ENOSPC: 'the disk is full: free some space and run again',
  EDQUOT: 'the disk quota is exceeded: free some space and run again',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files: raise the limit (ulimit -n)',
};

const VERBS: Record<string, string> = {
  open: 'open', mkdir: 'create the folder', rename: 'rename', scandir: 'list', stat: 'read', lstat: 'read',
  read: 'read', write: 'write', unlink: 'remove', rmdir: 'remove', access: 'use', copyfile: 'copy', fsync: 'save',
};

/**
 * The one line to print for an error that comes from the user's environment rather than from
 * Reckon (a path that cannot be read or written, a full disk, a locked or damaged SQLite store, a
 * PostgreSQL server that cannot be reached): these exit 1. Anything else returns undefined and
 * stays an internal error (exit 70), so that real bugs keep their stack trace.
 */
export function describeEnvironmentError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const store = describeStoreFailure(error);
  if (store !== undefined) return `the store ${store.detail}`;
  const { code, path, syscall, dest } = error as NodeJS.ErrnoException & { dest?: string };
  if (code === undefined || PATH_ERRORS[code] === undefined) return undefined;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EMFILE') return `${PATH_ERRORS[code]} (${code}${path ? ` on ${path}` : ''})`;
  // An errno without a path (a socket, a pipe) says too little to be the user's to fix.
  if (path === undefined) return undefined;
  const verb = (syscall && VERBS[syscall]) ?? 'use';
  return `cannot ${verb} ${path}${dest ? ` → ${dest}` : ''}: ${PATH_ERRORS[code]} (${code})`;
}
