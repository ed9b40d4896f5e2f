import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests share nothing but the machine; each uses its own temp dir / db file.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
