#!/usr/bin/env node
'use strict';
// Launcher for the CLI compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
//
// Batch commands (close, ingest) stream millions of records with a small live heap, but V8
// grows its heap far beyond what is live before it collects. They therefore run in a child
// process with a capped old space (RECKON_MAX_HEAP_MB, default 256; 0 = no cap), which keeps
// the peak memory of a close near its working set.
const { spawn } = require('node:child_process');

const BATCH_COMMANDS = new Set(['close', 'ingest']);
const heapMb = process.env.RECKON_MAX_HEAP_MB === undefined ? '256' : process.env.RECKON_MAX_HEAP_MB;
const alreadyCapped = [...process.execArgv, process.env.NODE_OPTIONS || ''].some((a) => a.includes('--max-old-space-size'));

function runHere() {
  // `reckon status | head -1`: a reader that goes away early ends the output quietly (exit 0).
  require('../dist/src/cli/brokenPipe.js').stopQuietlyOnBrokenPipe(process.argv.slice(2));
  require('../dist/src/cli/main.js').main(process.argv).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`reckon: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 70; },
  );
}

if (process.env.RECKON_LAUNCHED_CHILD === '1') {
  // The launcher went away (killed): do not go on alone.
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  // The channel only watches the launcher; it must not keep this process alive once done.
  if (process.channel) process.channel.unref();
  runHere();
} else if (BATCH_COMMANDS.has(process.argv[2]) && /^[1-9]\d*$/.test(heapMb) && !alreadyCapped) {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // Two malloc arenas instead of one per thread (the SQLite driver's threads kept ~50 MiB of
    // mostly idle arenas); an operator's own setting wins.
    env: { MALLOC_ARENA_MAX: '2', ...process.env, RECKON_LAUNCHED_CHILD: '1' },
  });
  // Ctrl-C reaches the whole process group; other signals sent to the launcher are passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code === null ? 70 : code);
  });
} else {
  runHere();
}
