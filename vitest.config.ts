import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the built CLI (render, send), several times in a test; on a two-core CI machine running two
// test files at once, one such test can take longer than vitest's 5 s default without anything being wrong.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Two files at once even on two cores (vitest's default there is one): most tests wait on a child process or a
    // server, so the suite takes about 5 minutes instead of 8.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Every test file's temp folders are removed when it is done (tests/support/temp.ts).
    setupFiles: ['tests/support/cleanup.ts'],
  },
});
