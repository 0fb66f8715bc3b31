import { defineConfig } from 'vitest/config';

// The focused test set the mutation run uses (stryker.config.mjs): the pure domain's own tests,
// fast enough to run once per mutant on 2 cores (the use cases' database tests are not).
export default defineConfig({
  test: {
    include: ['src/domain/*.test.ts'],
    pool: 'forks',
  },
});
