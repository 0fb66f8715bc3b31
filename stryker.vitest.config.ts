import { defineConfig } from 'vitest/config';

// The focused test set the mutation run uses (stryker.config.mjs): the pure authorisation rules'
// own tests, fast enough to run once per mutant on 2 cores.
export default defineConfig({
  test: {
    include: ['src/domain/authorize.test.ts', 'src/domain/mandate-rules.test.ts', 'src/domain/mandate-authorization.test.ts'],
    pool: 'forks',
  },
});
