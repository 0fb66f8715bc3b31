// Mutation testing of the authorisation rules (issue 21, item 10): on demand, not in CI (slow on
// 2 cores). `npm run test:mutation`; the score and its date are in docs/testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  mutate: ['src/domain/*.ts', '!src/domain/*.test.ts'],
  checkers: [],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: '.tmp/mutation/index.html' },
  tempDirName: '.tmp/stryker',
  cleanTempDir: 'always',
};
