'use strict';
// Preloaded (node --require) into each CLI process of a concurrency test. Once Node has started,
// the process says it is ready (a file `<RECKON_TEST_START>.ready-<pid>`) and waits until the
// file RECKON_TEST_START exists, then RECKON_TEST_DELAY_MS more (a seeded jitter): all of them
// then load and run the CLI at the same moment, as when a scheduler starts several at once.
const { existsSync, writeFileSync } = require('node:fs');

const go = process.env.RECKON_TEST_START;
if (go && process.env.RECKON_LAUNCHED_CHILD !== '1') {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  writeFileSync(`${go}.ready-${process.pid}`, '');
  while (!existsSync(go)) Atomics.wait(sleeper, 0, 0, 2);
  Atomics.wait(sleeper, 0, 0, Number(process.env.RECKON_TEST_DELAY_MS || 0));
}
