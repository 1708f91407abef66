import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map(async (folder) => rm(folder, { recursive: true, force: true })));
});

describe('README', () => {
  // Each ```ts block is compiled as its own module under tsc --strict (and the repository's
  // stricter options), with '@x/unify-query' pointing at this checkout: an example that uses a field the
  // types refuse fails here.
  it('every ts example compiles under tsc --strict', { timeout: 60_000 }, async () => {
    const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    // Inside the package, so that '@x/sandbox' and 'zod' resolve as they do for a user.
    const folder = await mkdtemp(join(packageRoot, '.readme-types-'));
    folders.push(folder);
    const files = await Promise.all(
      blocks.map(async (block, index) => {
        const file = join(folder, `block-${index}.ts`);
        await writeFile(file, `${block}\nexport {};\n`);
        return file;
      }),
    );
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      paths: { '@x/unify-query': [join(packageRoot, 'src/index.ts')] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file === undefined ? '' : `${diagnostic.file.fileName.slice(folder.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1} `;
      return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
