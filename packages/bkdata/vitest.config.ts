import { definePackageTestConfig } from '@x/vitest-config';

// Every test file that reads sandbox answers also runs against the sandbox's minimal answers
// (only what bk-base guarantees). The upstream-fixture tests (their own node:http server) and the
// pure ones (field builders, settings, version) need not.
export default definePackageTestConfig({
  rootDir: import.meta.dirname,
  minimalAnswers: [
    'src/bkdata-endpoints.test.ts',
    'src/access/bkdata-access.test.ts',
    'src/query/bkdata-query.test.ts',
    'src/databus/bkdata-clean-debug.test.ts',
    'src/databus/bkdata-databus-cleans.test.ts',
    'src/databus/bkdata-databus-storages.test.ts',
    'src/databus/bkdata-databus-tables.test.ts',
    'src/databus/bkdata-databus-tasks.test.ts',
  ],
});
