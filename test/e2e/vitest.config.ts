import { defineConfig } from 'vitest/config';

// The browser journeys: a real server on a fresh database, Debian's Chromium, one file at a
// time (each starts its own server; the machine has two cores).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
