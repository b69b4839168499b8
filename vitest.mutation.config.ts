import { defineConfig } from 'vitest/config';

// The killer of `npm run mutation`: the conformance suite alone (no unit test written to kill a mutant).
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    pool: 'forks',
    isolate: false,
    testTimeout: 60_000,
  },
});
