import { definePackageTestConfig } from '@x/vitest-config';

// The files that read the sandbox's WeCom answers run again against its minimal answers.
export default definePackageTestConfig({
  rootDir: import.meta.dirname,
  minimalAnswers: ['src/wework-appchat.test.ts', 'src/wework-robot.test.ts'],
});
