import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Says at once which server is missing (Redis; PostgreSQL with RECKON_TEST_PG).
    globalSetup: ['test/globalSetup.ts'],
    // Integration tests share nothing but the machine; each uses its own temp dir / db file.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time even on a 2-core machine (vitest's default there is one): most of the
    // suite waits on child processes, Redis and PostgreSQL, and the files share nothing (own temp
    // folders, SQLite files, PostgreSQL schemas, queue prefixes). Measured: 383 s → 241 s for the
    // SQLite pass, which keeps CI well inside its 15 minutes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
