import { defineConfig } from 'vitest/config';

// Three projects, one runner: unit tests are pure and fast; integration tests touch real
// SQLite files, real processes and real serial ports; end-to-end tests drive Chromium
// against the browser shell built into dist/ (so `npm test` builds first).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits for a state a process or a page reaches; its 1 s default is shorter
          // than a busy 2-core machine sometimes takes. The asserted state is the same.
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // One browser and one shell at a time: the machine has two cores.
          fileParallelism: false,
          // A page reaches the polled state after rendering, which a busy machine delays (see above).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
