/**
 * Commands whose only effect is what they print: once their reader has gone (`reckon records |
 * head`), there is nothing left for them to do. `settlement advance` is not one of them: it prints
 * after committing, and a command that changes the store is always left to finish.
 */
const PRINT_ONLY = new Set(['status', 'records', 'export focus', 'rejects', 'runs', 'explain', 'settlement list', 'settlement history', 'incentive list', 'incentive history', 'doctor', '--help', 'help', '--version', '-V']);

let installed = false;

/**
 * A reader that stops early (`| head -1`) makes the next write fail with EPIPE, which Node raises
 * as an unhandled 'error' on stdout. Like other Unix tools, Reckon then stops quietly: a
 * print-only command exits 0 at once; any other command goes on with its output discarded, so
 * that a close or ingest is never cut off halfway because nobody reads its summary. `args` are
 * the command line after `reckon` (process.argv.slice(2)).
 */
export function stopQuietlyOnBrokenPipe(args: readonly string[]): void {
  if (installed) return;
  installed = true;
  const printOnly = PRINT_ONLY.has(args[0] ?? '') || PRINT_ONLY.has(`${args[0]} ${args[1]}`);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      discardWrites(stream);
      if (stream === process.stdout && printOnly) process.exit(0);
    });
  }
}

function discardWrites(stream: NodeJS.WriteStream): void {
  stream.write = ((_chunk: unknown, encodingOrDone?: unknown, done?: unknown) => {
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  }) as typeof stream.write;
}
