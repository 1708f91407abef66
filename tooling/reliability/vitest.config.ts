import { definePackageTestConfig } from '@x/vitest-config';

export default definePackageTestConfig({
  rootDir: import.meta.dirname,
  overrides: {
    test: {
      // The soak compares the heap after full collections (warm-up vs end of run).
      execArgv: ['--expose-gc'],
      // The soak mostly waits on sockets and timers: the other files run beside it, not after it.
      maxWorkers: 2,
    },
  },
});
