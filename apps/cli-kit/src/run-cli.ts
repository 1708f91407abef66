import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { CliIo } from './cli-io.js';
import { parseDuration } from './duration.js';
import { EXIT_OK, EXIT_USAGE, failureDocument, failureExitCode, reportFailure, reportInterrupted } from './failure-report.js';
import type { FailureReporter } from './failure-report.js';
import { outputColumns } from './output.js';
import type { TargetOptions } from './target.js';
import { UsageError } from './usage-error.js';

/** The options {@link runCli} gives every command: where calls go, their time budget, the output mode. */
export interface GlobalOptions extends TargetOptions {
  /** `--json`: machine-readable output on stdout, a failure as one JSON document on stderr. */
  readonly json?: boolean | undefined;
  /** `--timeout`, in milliseconds. */
  readonly timeout?: number | undefined;
}

/**
 * The work a command's action asks for, run once the whole command line is parsed. What it opens
 * (clients, an embedded sandbox) it hands to `closeAtEnd`: closed after the outcome is reported,
 * in reverse order, whether the work succeeded or not.
 */
export type CliWork = (closeAtEnd: (close: () => Promise<void>) => void) => Promise<unknown>;

/** What an app adds to the report of a failed run. */
export interface FailureNotes {
  /**
   * The user stopped the run although no signal reached the process (Ctrl+C read as a key at a
   * raw-mode prompt): reported as interrupted, like a stop by that signal.
   */
  readonly interruptedBy?: 'SIGINT' | 'SIGTERM' | undefined;
  /** What follows `interrupted: ` when the run was stopped, e.g. `1,200 records kept in out.ndjson`. */
  readonly interruptedDetail?: string | undefined;
  /** A line after the error line of a text report, e.g. how to give credentials. */
  readonly hint?: string | undefined;
}

/** One CLI as {@link runCli} runs it: its words, its commands and what it adds to a failure report. */
export interface CliDefinition {
  /** The program name: the first word of its help and of every error line. */
  readonly name: string;
  /** What `-V, --version` prints. */
  readonly versionText: string;
  /** The first line of `--help`. */
  readonly description: string;
  /** The help of `--sandbox` and `--timeout`, which say what this CLI does with them (`--api-host` and `--json` read the same everywhere). */
  readonly optionHelp: { readonly sandbox: string; readonly timeout: string };
  /** Printed after the program's help: examples, where calls go, the exit statuses. */
  readonly helpAfter: string;
  /**
   * Adds the CLI's commands to `program`; an action hands the work it asks for to `select`.
   * commander itself answers a command line that names no command (the help on stderr, 2).
   */
  readonly commands: (program: Command, select: (run: CliWork) => void) => void;
  /** Literal secrets to scrub from every error line; read when a failure is reported, so that secrets learned during the run count. */
  readonly secrets?: readonly string[] | undefined;
  /** Reads a failure for what to add to its report: an interruption the process saw no signal for, its detail, a hint. */
  readonly failureNotes?: ((error: unknown) => FailureNotes) | undefined;
}

/**
 * Wraps a value parser for commander: a parser's error (a {@link UsageError}, say) becomes an
 * InvalidArgumentError, which commander reports as `option '--since <duration>' argument 'x' is
 * invalid. <reason>` and {@link runCli} ends with 2.
 */
export function optionParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

// The program and the options every command takes; the app adds its commands.
function createProgram(cli: CliDefinition, io: CliIo, json: boolean): Command {
  return (
    new Command(cli.name)
      .description(cli.description)
      .version(cli.versionText, '-V, --version', 'print the versions of the SDK packages it is built on')
      .exitOverride()
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
        getOutHelpWidth: () => outputColumns(io.stdout, io.env),
        getErrHelpWidth: () => outputColumns(io.stderr, io.env),
        // commander's own words for a bad flag or value, as the CLI's error line or, under --json, one document.
        outputError: (text, write) => {
          const message = text.replace(/^error: /, '');
          write(json ? `${JSON.stringify(failureDocument(new UsageError(message.trim()), EXIT_USAGE))}\n` : `${cli.name}: ${message}`);
        },
      })
      .showHelpAfterError(json ? false : `Run '${cli.name} --help' for usage.`)
      // A command's --help lists --timeout, --sandbox, --api-host and --json too: they apply to every command.
      .configureHelp({ showGlobalOptions: true })
      .option('--api-host <url>', 'a running sandbox or BlueKing API host (default: $BK_SANDBOX_URL)')
      .option('--sandbox', cli.optionHelp.sandbox)
      .option('--timeout <duration>', cli.optionHelp.timeout, optionParser(parseDuration))
      .option('--json', 'machine-readable JSON on stdout (errors: one JSON document on stderr)')
      .addHelpText('after', cli.helpAfter)
  );
}

async function closeAll(closers: readonly (() => Promise<void>)[]): Promise<void> {
  for (const close of [...closers].reverse()) await close();
}

/**
 * Runs one command line (`argv` without `node` and the script) of `cli` and returns its exit
 * status: 0 when the selected work succeeds and for `--help` and `--version`; 2 for a usage
 * mistake (a bad flag or value, a {@link UsageError} from an action or the work, input the SDK
 * refused before sending); 130 or 143 for a run stopped by `io.signal` or as `failureNotes` say;
 * otherwise 1. Everything goes to `io.stdout` and `io.stderr`: under `--json`, a failure is one
 * JSON document on stderr. A leading `--` (from `pnpm start -- …`) is dropped.
 * @example
 * const hello: CliDefinition = {
 *   name: 'hello',
 *   versionText: 'hello 1.0.0',
 *   description: 'Says hello.',
 *   optionHelp: { sandbox: 'greet an embedded sandbox', timeout: 'the most time a greeting may take: 30s, 2m' },
 *   helpAfter: '\nExit status: 0 success, 1 failure, 2 usage error.\n',
 *   commands: (program, select) => {
 *     program.command('greet').action(() => select(async () => writeText(process.stdout, 'hello\n')));
 *   },
 * };
 * process.exitCode = await runCli(hello, process.argv.slice(2), processIo());
 */
export async function runCli(cli: CliDefinition, argv: readonly string[], io: CliIo): Promise<number> {
  // `pnpm start -- es list` passes the `--` on; commander would read everything after it as operands.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const reporter: FailureReporter = { program: cli.name, json: args.includes('--json'), write: (text) => io.stderr.write(text), secrets: cli.secrets };
  let selected: CliWork | undefined;
  const program = createProgram(cli, io, reporter.json);
  cli.commands(program, (run) => {
    selected = run;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    // commander has already printed its message (outputError above) or the help.
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) return reportFailure(reporter, error, EXIT_USAGE, `Run '${cli.name} --help' for usage.`);
    throw error;
  }
  if (selected === undefined) return EXIT_OK;
  const closers: (() => Promise<void>)[] = [];
  try {
    await selected((close) => closers.push(close));
    return EXIT_OK;
  } catch (error) {
    const notes = cli.failureNotes?.(error) ?? {};
    if (io.signal?.aborted === true) return reportInterrupted(reporter, io.signal.reason, notes.interruptedDetail);
    if (notes.interruptedBy !== undefined) return reportInterrupted(reporter, notes.interruptedBy, notes.interruptedDetail);
    // A UsageError, or input the SDK refused before sending (a ValidationError on the input): 2, as for a bad flag.
    return reportFailure(reporter, error, failureExitCode(error), notes.hint);
  } finally {
    await closeAll(closers);
  }
}
