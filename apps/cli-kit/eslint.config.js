import { defineConfig } from '@x/eslint-config';

export default defineConfig({ rootDir: import.meta.dirname });
