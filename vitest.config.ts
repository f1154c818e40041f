import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bot/**/*.test.ts', 'test/**/*.test.ts', 'tab/**/*.test.tsx', 'tab/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
