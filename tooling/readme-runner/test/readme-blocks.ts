import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * How a ```ts block of a README is treated, from its fence's info string:
 * - ```ts: type-checked with `tsc --strict` and run (it starts what it needs, e.g. a sandbox);
 * - ```ts compile-only: type-checked, not run (it needs a real deployment, or runs forever);
 * - ```ts fragment: neither (a partial snippet with names defined elsewhere) — say why beside it.
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
  /** A file name for the extracted example: `<folder>-<package>-<index>.ts`. */
  readonly fileName: string;
}

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

function modeOf(info: string, readme: string, line: number): BlockMode {
  const words = info.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return 'run';
  const [word] = words;
  if (words.length === 1 && (word === 'compile-only' || word === 'fragment')) return word;
  throw new Error(`${readme}:${line}: unknown fence info "${info.trim()}" (use \`\`\`ts, \`\`\`ts compile-only or \`\`\`ts fragment)`);
}

/** Every ts block of `readmePath`. */
export function blocksOf(readmePath: string): ReadmeBlock[] {
  const text = readFileSync(readmePath, 'utf8');
  const readme = relative(repositoryRoot, readmePath);
  const [folder = 'x', name = 'x'] = readme.split('/');
  const blocks: ReadmeBlock[] = [];
  for (const match of text.matchAll(fence)) {
    const line = text.slice(0, match.index).split('\n').length;
    const index = blocks.length + 1;
    blocks.push({ readme, index, line, mode: modeOf(match[2] ?? '', readme, line), code: match[3] ?? '', fileName: `${folder}-${name}-${index}.ts` });
  }
  return blocks;
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
