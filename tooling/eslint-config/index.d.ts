import type { Linter } from 'eslint';

/** The import rules of the shared config (cycles forbidden, `./x.js` resolved to `./x.ts`). */
export declare const importRules: Linter.Config;

/** The flat config for one package; `rootDir` is the package folder (`import.meta.dirname`). */
export declare function defineConfig(options: { rootDir: string }): Linter.Config[];

/** The TypeScript parser the config uses, for tools that lint with `importRules` alone. */
export declare const typescriptParser: NonNullable<Linter.LanguageOptions['parser']>;
