import { defineConfig } from 'vitest/config';

// The unit tests of what `npm run test:mutation` mutates (stryker.config.mjs), and nothing else:
// Stryker runs them once per mutant, so every file here costs minutes over a whole run.
export default defineConfig({
  test: {
    include: [
      'test/unit/contract/**/*.test.ts',
      'test/unit/core/cases/**/*.test.ts',
      'test/unit/core/calendar/**/*.test.ts',
      'test/unit/core/staff/**/*.test.ts',
      'test/unit/core/logging/**/*.test.ts',
      'test/unit/web/**/*.test.ts',
    ],
    environment: 'node',
  },
});
