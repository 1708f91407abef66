// The vitest preset of the monorepo. Every package's vitest.config.ts calls
// `definePackageTestConfig` so reporters, timeouts and result files are the same everywhere.
import { join } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * A vitest config for one package. Results go to `.test-results/<node-label>.json`, which
 * `tooling/scripts/test-totals.mjs` sums across packages and Node versions for CI.
 * @param {{ rootDir: string, overrides?: import('vitest/config').UserConfig }} options
 */
export function definePackageTestConfig({ rootDir, overrides = {} }) {
  const nodeLabel = process.env.X_TEST_NODE_LABEL ?? `node${process.versions.node.split('.')[0]}`;
  return mergeConfig(
    defineConfig({
      test: {
        root: rootDir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        // Type tests do not depend on the Node version: CI's second run (Node 22) sets
        // X_TEST_TYPECHECK=off to skip running tsc twice.
        typecheck: { enabled: process.env.X_TEST_TYPECHECK !== 'off', include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
        reporters: ['default', 'json'],
        outputFile: { json: join(rootDir, '.test-results', `${nodeLabel}.json`) },
        testTimeout: 20_000,
        hookTimeout: 30_000,
        pool: 'forks',
        restoreMocks: true,
        unstubEnvs: true,
      },
    }),
    overrides,
  );
}
