import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,main,renderer}/**/*.test.{ts,tsx}'],
    // Native modules (better-sqlite3) and child processes behave best in forked workers.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
