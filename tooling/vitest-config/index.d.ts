import type { UserConfig } from 'vitest/config';

/** A vitest config for one package; results go to `.test-results/<node-label>.json`. */
export declare function definePackageTestConfig(options: { rootDir: string; overrides?: UserConfig }): UserConfig;
