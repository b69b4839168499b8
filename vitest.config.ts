import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // The conformance suites have thousands of tests: in CI print a dot per test, not a line.
    reporters: process.env.CI ? ['dot'] : ['default'],
    testTimeout: 60_000,
  },
});
