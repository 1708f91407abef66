import { join } from 'node:path';
import { importRules, typescriptParser } from '@x/eslint-config';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');

describe('the shared ESLint config', () => {
  it('forbids import cycles between TypeScript modules', async () => {
    // The import rules alone, without type information: fast, and exactly what is under test.
    const eslint = new ESLint({
      cwd: packageDir,
      ignore: false,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: typescriptParser } },
        { files: ['**/*.ts'], ...importRules },
      ],
    });
    const results = await eslint.lintFiles(['test/__fixtures__/import-cycle/first.ts', 'test/__fixtures__/import-cycle/second.ts']);
    const cycleMessages = results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'import-x/no-cycle'));
    expect(cycleMessages).toHaveLength(2);
  });
});
