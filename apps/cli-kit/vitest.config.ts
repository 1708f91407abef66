import { definePackageTestConfig } from '@x/vitest-config';

export default definePackageTestConfig({ rootDir: import.meta.dirname });
