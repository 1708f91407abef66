import { defineConfig } from '@x/eslint-config';

export default [
  // The fixtures are broken on purpose: the lint-config test lints them itself.
  { ignores: ['test/__fixtures__/**'] },
  ...defineConfig({ rootDir: import.meta.dirname }),
];
