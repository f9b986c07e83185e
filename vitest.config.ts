import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the built CLI (render, send), several times in a test; on a two-core CI machine running two
// test files at once, one such test can take longer than vitest's 5 s default without anything being wrong.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Every test file's temp folders are removed when it is done (tests/support/temp.ts).
    setupFiles: ['tests/support/cleanup.ts'],
  },
});
