import type { UserConfig } from 'vitest/config';

/**
 * A vitest config for one package; results go to `.test-results/<node-label>.json`.
 * `minimalAnswers`: globs of the test files that read sandbox answers; they run a second time
 * against the sandbox's minimal answers (`X_SANDBOX_ANSWERS=minimal`).
 */
export declare function definePackageTestConfig(options: { rootDir: string; overrides?: UserConfig; minimalAnswers?: string[] }): UserConfig;
