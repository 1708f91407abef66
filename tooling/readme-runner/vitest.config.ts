import { definePackageTestConfig } from '@x/vitest-config';

// Each example starts its own sandbox and runs in its own Node process.
export default definePackageTestConfig({ rootDir: import.meta.dirname, overrides: { test: { testTimeout: 120_000, hookTimeout: 180_000 } } });
