import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { UsageError } from '@x/cli-kit';
import type { CliIo, InputStream } from './cli-io.js';

/** The environment variable a password is read from. */
export const PASSWORD_ENV_VARIABLE = 'CLUSTER_PASSWORD';

/** Thrown when the user presses Ctrl+C at the prompt. */
export class PromptCancelledError extends Error {
  override readonly name = 'PromptCancelledError';
}

/**
 * Asks for a secret on a terminal without echoing it: readline runs on the terminal in raw mode
 * (so the terminal itself does not echo) and writes what it would echo to an output that is muted
 * while the answer is typed. On a non-terminal (a pipe) it reads one line. The question goes to
 * `output` (stderr), never to stdout.
 */
export async function promptHidden(question: string, input: InputStream, output: Writable): Promise<string> {
  const terminal = input.isTTY === true;
  let muted = false;
  const mutable = new Writable({
    write(chunk: Buffer | string, encoding, callback) {
      if (!muted) output.write(chunk, encoding);
      callback();
    },
  });
  const readline = createInterface({ input, output: mutable, terminal });
  try {
    if (!terminal) {
      const line = await readline[Symbol.asyncIterator]().next();
      if (line.done === true) throw new UsageError('no password on stdin: pipe it in, set CLUSTER_PASSWORD, or run in a terminal');
      return line.value;
    }
    output.write(question);
    muted = true;
    const answer = await new Promise<string>((resolve, reject) => {
      readline.once('SIGINT', () => {
        reject(new PromptCancelledError('cancelled at the password prompt'));
      });
      readline.question('').then(resolve, reject);
    });
    return answer;
  } finally {
    muted = false;
    if (terminal) output.write('\n');
    readline.close();
  }
}

/** How the command line asks for a password. */
export interface PasswordFlags {
  readonly username?: string | undefined;
  /** `--password-prompt`: ask even without a username. */
  readonly passwordPrompt?: boolean | undefined;
}

/**
 * The password for a cluster, without ever putting it on the command line:
 * `CLUSTER_PASSWORD` if set; else a hidden prompt with `--password-prompt`, or with `--username`
 * when stdin is a terminal; else none (a cluster without authentication).
 */
export async function resolvePassword(io: Pick<CliIo, 'env' | 'stdin' | 'stderr'>, flags: PasswordFlags, what: string): Promise<string | undefined> {
  const fromEnvironment = io.env[PASSWORD_ENV_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  const ask = flags.passwordPrompt === true || (flags.username !== undefined && io.stdin.isTTY === true);
  if (!ask) return undefined;
  return promptHidden(`Password for ${flags.username === undefined ? what : `${flags.username} at ${what}`}: `, io.stdin, io.stderr);
}
