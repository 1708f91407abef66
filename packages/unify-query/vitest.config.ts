import { definePackageTestConfig } from '@x/vitest-config';

export default definePackageTestConfig({
  rootDir: import.meta.dirname,
  // The files that read the sandbox's unify-query answers also run against its minimal answers
  // (only what unify-query's structs guarantee; see expectTraceId in src/test-support/unify-query-test-settings.ts).
  minimalAnswers: [
    'src/unify-query-aggregations.test.ts',
    'src/unify-query-endpoint-cases.test.ts',
    'src/unify-query-endpoints.test.ts',
    'src/unify-query-scroll.test.ts',
    'src/unify-query-settings.test.ts',
  ],
});
