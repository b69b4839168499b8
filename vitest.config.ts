import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The conformance suites share one spec load per worker; two workers match the machines this runs on.
    pool: 'forks',
  },
});
