// @ts-check
/**
 * Mutation testing (`npm run test:mutation`, not part of `npm test`): Stryker changes the
 * domain rules one small edit at a time and runs the unit tests against each change; a change
 * no test notices ("survived") is a regression the suite would let through. Covers the
 * contract's validators and intake rules, the core's case, calendar and staff logic, and the
 * log masking and access-token check whose planted bugs once got through (README, "Tests").
 * (synchronous=FULL is guarded by test/integration/durability/wal-fsync.test.ts instead.)
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  mutate: [
    'electron/contract/validation/*.ts',
    '!electron/contract/validation/index.ts',
    'electron/contract/rules/*.ts',
    'electron/core/cases/case-lifecycle.ts',
    'electron/core/cases/case-number.ts',
    'electron/core/cases/intake-rules.ts',
    'electron/core/calendar/working-days.ts',
    'electron/core/calendar/statutory-holidays.ts',
    'electron/core/staff/pin-hash.ts',
    'electron/core/logging/logger.ts',
    'electron/web/access-token.ts',
  ],
  // The sandbox is a copy of the tree: leave out what no unit test reads.
  ignorePatterns: ['dist', 'release', 'test/artifacts', 'test/e2e', 'test/integration', 'renderer', 'server', 'bench', 'build', 'scripts', '.stryker-tmp*'],
  // Not under node_modules: Vitest skips every test file below a node_modules folder.
  tempDirName: '.stryker-tmp',
  // Static mutants (changes to module-level constants: regexes, tables) each rerun every test
  // file and took ~90% of the time; they are reported as "ignored", not run. The functions
  // that use those constants are still mutated and must be caught.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'node_modules/.cache/stryker/incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'test/artifacts/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  concurrency: 2,
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 80, break: null },
};
