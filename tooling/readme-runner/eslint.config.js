import { defineConfig } from '@x/eslint-config';

export default [{ ignores: ['.examples/**'] }, ...defineConfig({ rootDir: import.meta.dirname })];
