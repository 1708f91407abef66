import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { ApiRequestError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE } from './failure-report.js';
import { optionParser, runCli } from './run-cli.js';
import type { CliDefinition, CliWork, GlobalOptions } from './run-cli.js';
import { parsePositiveInteger } from './duration.js';
import { UsageError } from './usage-error.js';

interface Captured {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function capture(signal?: AbortSignal): Captured {
  const streams = [new PassThrough(), new PassThrough()] as const;
  const texts = ['', ''];
  streams.forEach((stream, index) => stream.setEncoding('utf8').on('data', (chunk: string) => (texts[index] = `${texts[index] ?? ''}${chunk}`)));
  return { io: { stdout: streams[0], stderr: streams[1], env: { COLUMNS: '100' }, signal }, stdout: () => texts[0] ?? '', stderr: () => texts[1] ?? '' };
}

/** A CLI with one command, `greet <name> [--times <n>]`, that hands `work` what it parsed. */
function hello(work: (globals: GlobalOptions, name: string, times: number) => CliWork, extra: Partial<CliDefinition> = {}): CliDefinition {
  return {
    name: 'hello',
    versionText: 'hello 1.2.3 built on nothing',
    description: 'Greets people.',
    optionHelp: { sandbox: 'greet an embedded sandbox', timeout: 'the most time a greeting may take: 30s, 2m' },
    helpAfter: '\nExit status: 0 success, 1 failure, 2 usage error.\n',
    commands: (program, select) => {
      program
        .command('greet')
        .description('say hello')
        .argument('<name>', 'who')
        .option(
          '--times <n>',
          'how often',
          optionParser((text) => parsePositiveInteger(text, '--times')),
          1,
        )
        .action((name: string, flags: { times: number }, command: Command) => {
          if (name === 'nobody') throw new UsageError('nobody is not a name');
          select(work(command.optsWithGlobals(), name, flags.times));
        });
    },
    ...extra,
  };
}

const greet = (io: CliIo) => (_globals: GlobalOptions, name: string, times: number) => async () => io.stdout.write(`hello ${name}\n`.repeat(times));

describe('runCli', () => {
  it('runs the selected work once the command line is parsed, with the global options before or after the command', async () => {
    const captured = capture();
    let seen: GlobalOptions | undefined;
    const cli = hello((globals, name, times) => async () => {
      seen = globals;
      captured.io.stdout.write(`hello ${name} x${times}\n`);
    });
    expect(
      await runCli(cli, ['--timeout', '90s', 'greet', 'ann', '--times', '2', '--json', '--sandbox', '--api-host', 'http://127.0.0.1:1'], captured.io),
    ).toBe(EXIT_OK);
    expect(captured.stdout()).toBe('hello ann x2\n');
    expect(captured.stderr()).toBe('');
    expect(seen).toEqual({ timeout: 90_000, json: true, sandbox: true, apiHost: 'http://127.0.0.1:1', times: 2 });
  });

  it('prints the version and the help on stdout with 0, after a leading `--` too', async () => {
    const version = capture();
    expect(await runCli(hello(greet(version.io)), ['--', '--version'], version.io)).toBe(EXIT_OK);
    expect(version.stdout()).toBe('hello 1.2.3 built on nothing\n');

    const help = capture();
    expect(await runCli(hello(greet(help.io)), ['greet', '--help'], help.io)).toBe(EXIT_OK);
    expect(help.stdout()).toContain('Usage: hello greet [options] <name>');
    // The options every command takes are listed with each command, in the CLI's words.
    expect(help.stdout()).toMatch(/--sandbox +greet an embedded sandbox\n/);
    expect(help.stdout()).toMatch(/--timeout <duration> +the most time a greeting may take: 30s, 2m\n/);
    expect(help.stdout()).toMatch(/--json +machine-readable JSON on stdout \(errors: one JSON document on stderr\)\n/);

    const program = capture();
    expect(await runCli(hello(greet(program.io)), ['--help'], program.io)).toBe(EXIT_OK);
    expect(program.stdout()).toMatch(/^Usage: hello \[options\] \[command\]\n\nGreets people\.\n/);
    expect(program.stdout()).toMatch(/-V, --version +print the versions of the SDK packages it is built on\n/);
    expect(program.stdout()).toMatch(/\n\nExit status: 0 success, 1 failure, 2 usage error\.\n\n$/);
    expect(program.stderr()).toBe('');
  });

  it("ends a bad flag or value with 2: commander's words after the name, or one JSON document under --json", async () => {
    const unknown = capture();
    expect(await runCli(hello(greet(unknown.io)), ['greet', 'ann', '--bogus'], unknown.io)).toBe(EXIT_USAGE);
    expect(unknown.stderr()).toBe("hello: unknown option '--bogus'\nRun 'hello --help' for usage.\n");

    const value = capture();
    expect(await runCli(hello(greet(value.io)), ['greet', 'ann', '--timeout', 'often'], value.io)).toBe(EXIT_USAGE);
    expect(value.stderr()).toMatch(/^hello: option '--timeout <duration>' argument 'often' is invalid\. 'often' is not a duration/);

    const json = capture();
    expect(await runCli(hello(greet(json.io)), ['greet', 'ann', '--times', '0', '--json'], json.io)).toBe(EXIT_USAGE);
    expect(JSON.parse(json.stderr())).toEqual({
      error: { name: 'UsageError', message: "option '--times <n>' argument '0' is invalid. --times must be a positive integer, got '0'" },
      exitCode: EXIT_USAGE,
    });
    expect(json.stdout()).toBe('');

    // No command: commander shows the help on stderr.
    const none = capture();
    expect(await runCli(hello(greet(none.io)), [], none.io)).toBe(EXIT_USAGE);
    expect(none.stderr()).toMatch(/^Usage: hello \[options\] \[command\]/);
  });

  it('reports a UsageError an action throws with 2 and how to get help, and runs nothing', async () => {
    const captured = capture();
    let ran = false;
    expect(
      await runCli(
        hello(() => async () => (ran = true)),
        ['greet', 'nobody'],
        captured.io,
      ),
    ).toBe(EXIT_USAGE);
    expect(captured.stderr()).toBe("hello: nobody is not a name\nRun 'hello --help' for usage.\n");
    expect(ran).toBe(false);
  });

  it('reports a failed run with 1 (2 for a usage mistake), secrets learned during the run scrubbed, then closes what it opened, last first', async () => {
    const captured = capture();
    const secrets: string[] = [];
    const cli = hello(
      () => async (closeAtEnd) => {
        closeAtEnd(async () => void captured.io.stderr.write('closed the client\n'));
        closeAtEnd(async () => void captured.io.stderr.write('closed the sandbox\n'));
        secrets.push('hunter2');
        throw new ApiRequestError({ failure: 'http-status', status: 401, message: 'password hunter2 refused', requestId: 'req-9' });
      },
      { secrets, failureNotes: () => ({ hint: 'hello: pass --username' }) },
    );
    expect(await runCli(cli, ['greet', 'ann'], captured.io)).toBe(EXIT_FAILURE);
    expect(captured.stderr()).toMatch(
      /^hello: ApiRequestError \d+ \(HTTP 401, request id req-9\): password \*\*\* refused\nhello: pass --username\nclosed the sandbox\nclosed the client\n$/,
    );

    const usage = capture();
    expect(
      await runCli(
        hello(() => () => Promise.reject(new UsageError('--times is too many'))),
        ['greet', 'ann', '--json'],
        usage.io,
      ),
    ).toBe(EXIT_USAGE);
    expect(JSON.parse(usage.stderr())).toEqual({ error: { name: 'UsageError', message: '--times is too many' }, exitCode: EXIT_USAGE });
  });

  it('reports a run that failed once io.signal was aborted as interrupted: 143 for SIGTERM, with the detail the app gives', async () => {
    const controller = new AbortController();
    const captured = capture(controller.signal);
    const cli = hello(
      () => async () => {
        controller.abort('SIGTERM');
        throw new Error('the export stopped');
      },
      { failureNotes: (error) => ({ interruptedDetail: error instanceof Error ? `${error.message} after 12 records` : undefined }) },
    );
    expect(await runCli(cli, ['greet', 'ann'], captured.io)).toBe(EXIT_TERMINATED);
    expect(captured.stderr()).toBe('hello: interrupted: the export stopped after 12 records\n');
  });

  it('reports a stop the app recognizes (Ctrl+C read at a prompt) as interrupted, 130, one JSON document under --json', async () => {
    const captured = capture();
    const cli = hello(() => () => Promise.reject(new Error('prompt cancelled')), { failureNotes: () => ({ interruptedBy: 'SIGINT', hint: 'not shown' }) });
    expect(await runCli(cli, ['greet', 'ann', '--json'], captured.io)).toBe(EXIT_INTERRUPTED);
    expect(JSON.parse(captured.stderr())).toEqual({ error: { name: 'Interrupted', message: 'interrupted' }, exitCode: EXIT_INTERRUPTED });
  });
});
