import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');

describe('the shared ESLint config', () => {
  it('forbids import cycles between TypeScript modules', async () => {
    const eslint = new ESLint({ cwd: packageDir, ignore: false });
    const results = await eslint.lintFiles(['test/__fixtures__/import-cycle/first.ts', 'test/__fixtures__/import-cycle/second.ts']);
    const cycleMessages = results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'import-x/no-cycle'));
    expect(cycleMessages).toHaveLength(2);
  }, 60_000);
});
