import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * How a ```ts block of a README is treated, from its fence's info string:
 * - ```ts: type-checked with `tsc --strict` and run (it starts what it needs, e.g. a sandbox);
 * - ```ts compile-only: type-checked, not run (it needs a real deployment, or runs forever);
 * - ```ts fragment: neither (a partial snippet with names defined elsewhere) — say why beside it.
 * A block that runs may promise its output with `// prints: <text>` comments (see `prints`).
 */
export type BlockMode = 'run' | 'compile-only' | 'fragment';

/** One ```ts block of a README. */
export interface ReadmeBlock {
  /** The README, relative to the repository root. */
  readonly readme: string;
  /** 1-based position among the README's ts blocks. */
  readonly index: number;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly mode: BlockMode;
  readonly code: string;
  /**
   * The lines the block promises to print, in order: the text of each `// prints: <text>`
   * comment, trailing a statement or on a line of its own. When there is any, the block's stdout
   * must be exactly these lines.
   */
  readonly prints: readonly string[];
  /** A file name for the extracted example: `<folder>-<package>-<index>.ts`. */
  readonly fileName: string;
}

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

/** `// prints: <text>`, trailing code or alone on its line; `<text>` runs to the end of the line. */
const printsComment = /\/\/ prints: (.*)$/;
/** A comment that looks like a promise (`//prints:`, `// Prints:`, `// print:`), checked so a typo is not a silent skip. */
const printsLike = /\/\/\s*prints?\s*:/i;

function modeOf(info: string, readme: string, line: number): BlockMode {
  const words = info
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return 'run';
  const [word] = words;
  if (words.length === 1 && (word === 'compile-only' || word === 'fragment')) return word;
  throw new Error(`${readme}:${line}: unknown fence info "${info.trim()}" (use \`\`\`ts, \`\`\`ts compile-only or \`\`\`ts fragment)`);
}

/** What a block's `// prints:` comments promise; only a block that runs may promise output. */
function printsOf(code: string, mode: BlockMode, readme: string, line: number): string[] {
  const prints = code.split('\n').flatMap((codeLine, offset) => {
    const text = printsComment.exec(codeLine)?.[1];
    if (text === undefined && printsLike.test(codeLine))
      throw new Error(`${readme}:${line + 1 + offset}: write a promised line as "// prints: <text>", not ${JSON.stringify(codeLine.trim())}`);
    return text === undefined ? [] : [text.trimEnd()];
  });
  if (prints.length > 0 && mode !== 'run')
    throw new Error(`${readme}:${line}: a \`\`\`ts ${mode} block is never run, so its "// prints:" comments would never be checked`);
  return prints;
}

/**
 * Every ts block of a README's text; `readme` is its path relative to the repository root.
 * @throws Error naming the line of a fence with an unknown word, or of a block that is not run but promises output.
 */
export function blocksIn(text: string, readme: string): ReadmeBlock[] {
  const [folder = 'x', name = 'x'] = readme.split('/');
  const blocks: ReadmeBlock[] = [];
  for (const match of text.matchAll(fence)) {
    const line = text.slice(0, match.index).split('\n').length;
    const index = blocks.length + 1;
    const mode = modeOf(match[2] ?? '', readme, line);
    const code = match[3] ?? '';
    blocks.push({ readme, index, line, mode, code, prints: printsOf(code, mode, readme, line), fileName: `${folder}-${name}-${index}.ts` });
  }
  return blocks;
}

/** Every ts block of the README at `readmePath`. */
export function blocksOf(readmePath: string): ReadmeBlock[] {
  return blocksIn(readFileSync(readmePath, 'utf8'), relative(repositoryRoot, readmePath));
}

/** The README of every package and app. */
export function listReadmes(): string[] {
  return ['packages', 'apps'].flatMap((folder) =>
    readdirSync(join(repositoryRoot, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(repositoryRoot, folder, entry.name, 'README.md'))
      .filter((path) => {
        try {
          readFileSync(path);
          return true;
        } catch {
          return false;
        }
      })
      .sort(),
  );
}
