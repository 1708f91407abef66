// The single ESLint flat config of the monorepo. Packages re-export it from their
// `eslint.config.js` so that rules are changed in exactly one place.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The import rules of the config, on their own so a test can prove them without type information:
 * cycles are forbidden, and TypeScript sources importing `./x.js` resolve to `./x.ts`.
 */
export const importRules = {
  plugins: { 'import-x': importX },
  settings: {
    // no-cycle parses the files it follows: tell it which parser reads TypeScript.
    'import-x/extensions': ['.ts', '.js'],
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    // Sources import `./x.js` that exist as `./x.ts`: the alias lets no-cycle follow them.
    'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js'], extensionAlias: { '.js': ['.ts', '.d.ts', '.js'] } })],
  },
  rules: {
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
    'import-x/no-self-import': 'error',
    'import-x/no-duplicates': 'error',
  },
};

/**
 * Builds the flat config for one package.
 * @param {{ rootDir: string }} options `rootDir` is the package folder (`import.meta.dirname`).
 */
export function defineConfig({ rootDir }) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '.test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    ...tseslint.configs.stylisticTypeChecked,
    {
      languageOptions: {
        parserOptions: {
          projectService: true,
          tsconfigRootDir: rootDir,
        },
      },
      ...importRules,
      rules: {
        ...importRules.rules,
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
        '@typescript-eslint/consistent-type-exports': 'error',
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        'no-console': 'error',
      },
    },
    {
      // Tests may be looser about non-null assertions and empty stubs of callbacks.
      files: ['**/*.test.ts', '**/*.test-d.ts', 'test/**/*.ts'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-empty-function': 'off',
        '@typescript-eslint/require-await': 'off',
        'no-console': 'off',
      },
    },
  );
}

/** The TypeScript parser the config uses, for tools that lint with `importRules` alone. */
export const typescriptParser = tseslint.parser;
