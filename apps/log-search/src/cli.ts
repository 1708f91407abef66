import {
  DEFAULT_TOTAL_TIMEOUT_MS,
  EXIT_INTERRUPTED as INTERRUPTED,
  EXIT_TERMINATED as TERMINATED,
  formatCount,
  formatDuration,
  optionParser,
  outputColumns,
  runCli,
  UsageError,
} from '@x/cli-kit';
import type { CliDefinition, CliWork, GlobalOptions } from '@x/cli-kit';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import type { CommandContext, ScopeOptions } from './commands/command-context.js';
import { exportCommand, ExportInterruptedError } from './commands/export-command.js';
import { fieldsCommand } from './commands/fields-command.js';
import { histogramCommand, MAX_HISTOGRAM_BUCKETS } from './commands/histogram-command.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, searchCommand } from './commands/search-command.js';
import { sqlCommand } from './commands/sql-command.js';
import { parseDuration, parseIndexSetIds, parsePositiveInteger } from './duration.js';
import { resolveTarget } from './target.js';
import { VERSION as BKDATA_VERSION } from '@x/bkdata';
import { VERSION as CORE_VERSION } from '@x/core-client';
import { VERSION as UNIFY_QUERY_VERSION } from '@x/unify-query';

/** Exit statuses: what a shell user expects. */
export const EXIT_OK = 0;
/** A runtime or API failure (the message names the @x/errors code and the request id). */
export const EXIT_FAILURE = 1;
/** Bad flags or values, or input the SDK refused before sending (a ValidationError on the input); nothing was sent. */
export const EXIT_USAGE = 2;
/** Interrupted by Ctrl+C (128 + SIGINT). */
export const EXIT_INTERRUPTED = INTERRUPTED;
/** Stopped by SIGTERM (128 + SIGTERM), handled like Ctrl+C. */
export const EXIT_TERMINATED = TERMINATED;

const NAME = 'log-search';

/**
 * What `--version` prints: the app is private and not versioned (its package.json stays 0.0.0),
 * so the versions that say what it does are those of the SDK packages it is built on.
 */
export const VERSION_TEXT = `${NAME} (private app of bk-integrations) built on @x/unify-query ${UNIFY_QUERY_VERSION}, @x/bkdata ${BKDATA_VERSION}, @x/core-client ${CORE_VERSION}`;

const indexSetParser = (value: string, previous: number[] | undefined): number[] => optionParser((text) => parseIndexSetIds(text, previous))(value);

interface ScopeFlags {
  readonly indexSet: number[];
  readonly since: number;
  readonly biz?: number | undefined;
}

interface SearchFlags extends ScopeFlags {
  readonly limit?: number | undefined;
  readonly export?: string | undefined;
  readonly histogram?: boolean | undefined;
  readonly interval?: string | undefined;
}

type Job = (context: CommandContext) => Promise<unknown>;

const DEFAULT_SINCE = '1h';

const EXAMPLES = `
Examples:
  $ log-search search 'level:error' --index-set 42 --since 1h
  $ log-search search 'path:"/orders" AND status:>=500' --index-set 42,43 --since 6h --limit 50
  $ log-search search '*' --index-set 42 --since 6h --histogram
  $ log-search search 'level:error' --index-set 42 --since 30d --histogram --interval 1w
  $ log-search search '*' --index-set 42 --since 6h --export out.ndjson
  $ log-search fields --index-set 42
  $ log-search sql 'SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level'

  $ log-search search '*' --index-set 42 --sandbox --timeout 30s

Where it searches:
  BK_COMPONENT_API_URL (+ BK_APP_CODE, BK_APP_SECRET, BKAPP_USE_APIGW, BKPAAS_ENVIRONMENT,
  BKAPP_UNIFYQUERY_APIGATEWAY_ROOT, BK_USERNAME, BK_TENANT_ID): a BlueKing deployment.
  --api-host <url> or BK_SANDBOX_URL: a running sandbox (x-sandbox --port 8400).
  --sandbox: an embedded sandbox with demo data, started in-process; never implied.
  None of these: exit 2, naming the variables to set. A URL with user:password@ is refused (2).

Exit status: 0 success, 1 runtime or API failure (a --timeout that ran out included),
2 usage error (a flag, or input the SDK refuses before sending, e.g. a --since reaching before 1970), 130 interrupted (Ctrl+C), 143 stopped by SIGTERM, 141 stdout closed (EPIPE).
`;

function defaultBiz(io: CliIo): number {
  const fromEnvironment = Number(io.env.BK_BIZ_ID);
  return Number.isSafeInteger(fromEnvironment) && io.env.BK_BIZ_ID?.trim() !== '' ? fromEnvironment : 2;
}

function addScopeOptions(command: Command, io: CliIo): Command {
  return (
    command
      .requiredOption('-i, --index-set <ids>', 'index set id(s), comma-separated or repeated, e.g. 42 or 42,43', indexSetParser)
      // The default is shown as the duration it is (`1h`), not as the milliseconds it holds.
      .addOption(
        new Option('-s, --since <duration>', 'how far back: 30s, 15m, 1h, 2d, 1w, 1h30m')
          .argParser(optionParser(parseDuration))
          .default(parseDuration(DEFAULT_SINCE), DEFAULT_SINCE),
      )
      .option(
        '-b, --biz <id>',
        `business id of the scope header (default: $BK_BIZ_ID, else ${defaultBiz(io)})`,
        optionParser((text) => parsePositiveInteger(text, '--biz')),
      )
  );
}

function scopeOf(flags: ScopeFlags, io: CliIo): ScopeOptions {
  return { indexSetIds: flags.indexSet, sinceMs: flags.since, bkBizId: flags.biz ?? defaultBiz(io) };
}

/** log-search's commands; `select` receives the job the command line asks for. */
function addCommands(program: Command, io: CliIo, select: (job: Job, globals: GlobalOptions) => void): void {
  const search = program
    .command('search')
    .description('the newest matching records as a table; --histogram for counts over time; --export to stream every record to NDJSON')
    .argument('<query>', 'a Lucene query string, e.g. "level:error AND path:/orders" (* for everything)');
  addScopeOptions(search, io)
    .option(
      '-n, --limit <n>',
      `rows to show (default: ${DEFAULT_SEARCH_LIMIT}; at most ${formatCount(MAX_SEARCH_LIMIT)}, unify-query's most for one query: more is capped, and said so); with --export, the most records to write (no cap)`,
      optionParser((text) => parsePositiveInteger(text, '--limit')),
    )
    .option('-e, --export <file>', 'stream every matching record to this NDJSON file (- for stdout), with a progress bar on stderr')
    .option('--histogram', 'a bar chart of matching records over time')
    .option(
      '--interval <window>',
      `histogram bucket window: 30s, 5m, 1h, 1d, 1w, 1h30m (default: the smallest of 1m … 1d giving at most 24 buckets; at most ${formatCount(MAX_HISTOGRAM_BUCKETS)} buckets)`,
      optionParser((text) => (parseDuration(text), text)),
    )
    .action((query: string, flags: SearchFlags, command: Command) => {
      const options = { ...scopeOf(flags, io), query, limit: flags.limit, interval: flags.interval };
      const exportFile = flags.export;
      select(async (context) => {
        if (flags.histogram === true) await histogramCommand(context, options);
        if (exportFile !== undefined) await exportCommand(context, { ...options, file: exportFile });
        if (flags.histogram !== true && exportFile === undefined) await searchCommand(context, options);
      }, command.optsWithGlobals());
    });

  addScopeOptions(program.command('fields').description('the fields of an index set: name, type, alias, aggregatable, analyzed'), io).action(
    (flags: ScopeFlags, command: Command) => {
      select((context) => fieldsCommand(context, scopeOf(flags, io)), command.optsWithGlobals());
    },
  );

  program
    .command('sql')
    .description('run a BKData SQL query (query_sync) and print the rows')
    .argument('<sql>', 'one SELECT, e.g. "SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level"')
    .action((sql: string, _flags: unknown, command: Command) => {
      if (sql.trim() === '') throw new UsageError('the SQL text is empty');
      select((context) => sqlCommand(context, sql), command.optsWithGlobals());
    });
}

// The clients of the run, on the target the global options and the environment choose; closed
// once the outcome is reported.
function runJob(job: Job, globals: GlobalOptions, io: CliIo): CliWork {
  return async (closeAtEnd) => {
    const target = await resolveTarget({ ...globals, timeoutMs: globals.timeout }, io.env, (note) => io.stderr.write(`${NAME}: ${note}\n`));
    closeAtEnd(() => target.close());
    const now = (io.now ?? Date.now)();
    await job({ io, target, json: globals.json === true, columns: outputColumns(io.stdout, io.env), now });
  };
}

const LOG_SEARCH: Omit<CliDefinition, 'commands'> = {
  name: NAME,
  versionText: VERSION_TEXT,
  description: 'Search BlueKing logs (unify-query) and BKData result tables from the terminal.',
  optionHelp: {
    sandbox: 'search an embedded sandbox with demo data (never implied: without BlueKing settings and without this, nothing runs)',
    timeout: `the most time one call may take, retries and waits included: 30s, 2m (default: ${formatDuration(DEFAULT_TOTAL_TIMEOUT_MS)})`,
  },
  helpAfter: EXAMPLES,
  // An export stopped by Ctrl+C or SIGTERM says how many records it kept.
  failureNotes: (error) => ({ interruptedDetail: error instanceof ExportInterruptedError ? error.message : undefined }),
};

/**
 * Runs the log-search command line (`argv` without `node` and the script) and returns the exit
 * status. Everything it prints goes to `io.stdout` / `io.stderr`.
 * @example
 * process.exitCode = await runLogSearch(['search', 'level:error', '--index-set', '42'], processIo());
 */
export function runLogSearch(argv: readonly string[], io: CliIo): Promise<number> {
  return runCli(
    {
      ...LOG_SEARCH,
      commands: (program, select) => {
        addCommands(program, io, (job, globals) => {
          select(runJob(job, globals, io));
        });
      },
    },
    argv,
    io,
  );
}
