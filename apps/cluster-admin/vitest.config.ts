import { definePackageTestConfig } from '@x/vitest-config';

export default definePackageTestConfig({ rootDir: import.meta.dirname, overrides: { test: { globalSetup: ['test/global-setup.ts'] } } });
