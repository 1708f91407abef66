// The vitest preset of the monorepo. Every package's vitest.config.ts calls
// `definePackageTestConfig` so reporters, timeouts and result files are the same everywhere.
import { join } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * A vitest config for one package. Results go to `.test-results/<node-label>.json`, which
 * `tooling/scripts/test-totals.mjs` sums across packages and Node versions for CI.
 *
 * `minimalAnswers` names the test files that read sandbox answers: they run twice, once against
 * the sandbox's full answers (project `full`) and once with `X_SANDBOX_ANSWERS=minimal` (project
 * `minimal-answers`), where the sandbox sends only what the real servers guarantee.
 * @param {{ rootDir: string, overrides?: import('vitest/config').UserConfig, minimalAnswers?: string[] }} options
 */
export function definePackageTestConfig({ rootDir, overrides = {}, minimalAnswers = [] }) {
  const nodeLabel = process.env.X_TEST_NODE_LABEL ?? `node${process.versions.node.split('.')[0]}`;
  const include = ['src/**/*.test.ts', 'test/**/*.test.ts'];
  const base = defineConfig({
    test: {
      root: rootDir,
      // With projects, each project names its own files (vitest concatenates arrays it extends).
      include: minimalAnswers.length === 0 ? include : [],
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
  });
  const projects =
    minimalAnswers.length === 0
      ? {}
      : {
          test: {
            projects: [
              { extends: true, test: { name: 'full', include, env: { X_SANDBOX_ANSWERS: 'full' } } },
              {
                extends: true,
                test: { name: 'minimal-answers', include: minimalAnswers, typecheck: { enabled: false }, env: { X_SANDBOX_ANSWERS: 'minimal' } },
              },
            ],
          },
        };
  return mergeConfig(mergeConfig(base, projects), overrides);
}
