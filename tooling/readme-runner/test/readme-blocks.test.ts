import { describe, expect, it } from 'vitest';
import { blocksIn } from './readme-blocks.js';

const fenced = (info: string, code: string): string => `# pkg\n\nText.\n\n\`\`\`ts${info}\n${code}\n\`\`\`\n`;

describe('blocksIn', () => {
  it('reads each ts block with its mode, its line and a file name of its own', () => {
    const text = `${fenced('', 'const a = 1;')}\n${fenced(' compile-only', 'const b = 2;')}\n${fenced(' fragment', 'c();')}\n\`\`\`bash\nls\n\`\`\`\n`;
    expect(blocksIn(text, 'packages/demo/README.md').map(({ index, line, mode, code, fileName }) => ({ index, line, mode, code, fileName }))).toEqual([
      { index: 1, line: 5, mode: 'run', code: 'const a = 1;\n', fileName: 'packages-demo-1.ts' },
      { index: 2, line: 13, mode: 'compile-only', code: 'const b = 2;\n', fileName: 'packages-demo-2.ts' },
      { index: 3, line: 21, mode: 'fragment', code: 'c();\n', fileName: 'packages-demo-3.ts' },
    ]);
  });

  it.each([' compile-onyl', ' runnable', ' fragment compile-only'])('fails on an unknown fence word (```ts%s), naming the line', (info) => {
    expect(() => blocksIn(fenced(info, 'const a = 1;'), 'packages/demo/README.md')).toThrow(`packages/demo/README.md:5: unknown fence info "${info.trim()}"`);
  });

  it('collects the "// prints:" promises in order, trailing a statement or on the line below it', () => {
    const code = [
      "console.log('a b'); // prints: a b",
      "console.log(['x', 'y'].join(' '));",
      '// prints: x y',
      'console.log(1); // a plain comment, not a promise',
      '// prints: 1   ',
    ].join('\n');
    expect(blocksIn(fenced('', code), 'packages/demo/README.md')[0]?.prints).toEqual(['a b', 'x y', '1']);
  });

  it('a block without promises promises nothing', () => {
    expect(blocksIn(fenced('', "console.log('free'); // whatever it prints"), 'packages/demo/README.md')[0]?.prints).toEqual([]);
  });

  it.each([' compile-only', ' fragment'])('fails on a promise in a block that is never run (```ts%s)', (info) => {
    expect(() => blocksIn(fenced(info, "console.log('a'); // prints: a"), 'packages/demo/README.md')).toThrow('packages/demo/README.md:5: a ```ts');
  });

  it.each(['//prints: a', '// Prints: a', '// print: a', '// prints:a'])('fails on a near miss of the promise form (%s), naming its line', (comment) => {
    expect(() => blocksIn(fenced('', `console.log('a');\n${comment}`), 'packages/demo/README.md')).toThrow(
      'packages/demo/README.md:7: write a promised line as "// prints: <text>"',
    );
  });
});
