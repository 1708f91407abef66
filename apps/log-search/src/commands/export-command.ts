import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CliError, formatCount, writeText } from '@x/cli-kit';
import type { UnifyQueryRow } from '@x/unify-query';
import { createProgress } from '../progress.js';
import type { ProgressReporter } from '../progress.js';
import { jsonLine } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { searchQuery } from './search-command.js';
import type { SearchOptions } from './search-command.js';

/** Options of {@link exportCommand}. */
export interface ExportOptions extends SearchOptions {
  /** The NDJSON file, or `-` for stdout. */
  readonly file: string;
  /**
   * Records per scroll page and table (unify-query's `limit` is per table).
   * @default 1000
   */
  readonly pageSize?: number | undefined;
  /** Draw the progress bar (`true`) or print plain lines (`false`). @default stderr is a terminal */
  readonly interactiveProgress?: boolean | undefined;
}

/** What {@link exportCommand} wrote. */
export interface ExportResult {
  readonly file: string;
  /** Records written (one NDJSON line each). */
  readonly records: number;
  /** How many records matched when the export started. */
  readonly total: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
}

/** How many records {@link writeNdjson} has written so far (also after it failed). */
export interface NdjsonTally {
  records: number;
}

/**
 * Writes rows as NDJSON with backpressure: when the stream's buffer is full, waits for `drain`
 * before pulling the next row, so memory stays flat however many rows come. A stream error
 * (a full disk, a closed pipe) ends it at the next row with that error.
 */
export async function writeNdjson(
  rows: AsyncIterable<UnifyQueryRow>,
  stream: Writable,
  progress?: ProgressReporter,
  tally: NdjsonTally = { records: 0 },
): Promise<number> {
  // Read afresh each time: the stream may fail between two rows.
  const throwIfFailed = (): void => {
    const failure = stream.errored;
    if (failure !== null) throw failure;
  };
  for await (const row of rows) {
    throwIfFailed();
    if (!stream.write(`${JSON.stringify(row)}\n`)) {
      // A failed stream never drains: surface its error instead of waiting forever.
      throwIfFailed();
      // A stream destroyed while waiting (an error, a closed pipe) never drains: stop at `close`.
      const waiting = new AbortController();
      try {
        await Promise.race([once(stream, 'drain', { signal: waiting.signal }), once(stream, 'close', { signal: waiting.signal })]);
      } finally {
        waiting.abort();
      }
      throwIfFailed();
    }
    tally.records += 1;
    progress?.update(tally.records);
  }
  return tally.records;
}

/** The export file could not be created, written or put in place; the message names the file. */
export class ExportFileError extends CliError {
  override name = 'ExportFileError';

  constructor(file: string, action: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    // `EFBIG: file too large, write` → `file too large`: the path in it is the temporary file's.
    const reason = cause instanceof Error ? cause.message.replace(/^[A-Z]+: /, '').replace(/, (open|write|rename|close)( '.*')?$/, '') : String(cause);
    super(`could not ${action} ${file}${code === undefined ? '' : ` (${code}: ${reason})`}; ${file} was not changed`, { cause, code });
  }
}

/** The export was stopped by Ctrl+C or SIGTERM; what was written so far is in `file`. */
export class ExportInterruptedError extends Error {
  override readonly name = 'ExportInterruptedError';

  constructor(
    readonly records: number,
    /** The file the records were kept in, or `stdout`. */
    readonly file: string,
    cause: unknown,
  ) {
    super(`${formatCount(records)} records kept in ${file}`, { cause });
  }
}

// A temporary file beside the target: same file system, so the final rename is atomic.
function temporaryPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * `search "<query>" --export out.ndjson`: every matching record through `unifyQuery.scroll`,
 * one page in memory at a time, streamed with a progress bar on stderr (count and rate);
 * `--limit` caps the records. A summary goes to stdout (to stderr when exporting to stdout).
 *
 * The records go to a temporary file beside `file`, renamed over it only when the export is
 * complete: a failed export (an API error, a full disk) removes the temporary file and leaves a
 * previous `file` as it was, and says so. Ctrl+C or SIGTERM keeps what was written so far in
 * `file` ({@link ExportInterruptedError}).
 * @throws ExportFileError naming the file when it cannot be created, written or renamed
 */
export async function exportCommand(context: CommandContext, options: ExportOptions): Promise<ExportResult> {
  const now = context.io.now ?? Date.now;
  const started = now();
  const query = searchQuery(options, context.now, options.pageSize ?? 1000);
  const callOptions = { signal: context.io.signal };
  // One small page first: the total makes the bar a real bar; a bad query fails before a file is created.
  const first = await context.target.unifyQuery.queryTsRaw({ ...query, limit: 1 }, callOptions);
  const total = options.limit === undefined ? (first.total ?? 0) : Math.min(options.limit, first.total ?? options.limit);
  const toStdout = options.file === '-';
  const temporary = toStdout ? undefined : temporaryPath(options.file);
  let stream: Writable = context.io.stdout;
  if (temporary !== undefined) {
    // Created before the first row: a bad path fails at once with the system's reason.
    try {
      stream = (await open(temporary, 'wx')).createWriteStream();
    } catch (error) {
      throw new ExportFileError(options.file, 'create', error);
    }
    // Write errors are read from `stream.errored`; without a listener one would end the process.
    stream.on('error', () => undefined);
  }
  const progress = createProgress({
    stream: context.io.stderr,
    label: 'export',
    unit: 'records',
    total,
    columns: context.columns,
    now,
    interactive: options.interactiveProgress,
  });
  const tally: NdjsonTally = { records: 0 };
  const discard = async (): Promise<void> => {
    stream.destroy();
    if (temporary !== undefined) await rm(temporary, { force: true });
  };
  try {
    await writeNdjson(context.target.unifyQuery.scroll(query, { maxRecords: options.limit, callOptions }), stream, progress, tally);
    if (temporary !== undefined) {
      stream.end();
      await finished(stream);
    }
  } catch (error) {
    progress.finish(tally.records);
    const writeFailed = stream.errored !== null;
    if (context.io.signal?.aborted === true && !writeFailed) {
      // Stopped on purpose: keep what was written, whole records only.
      if (temporary === undefined) throw new ExportInterruptedError(tally.records, 'stdout', error);
      try {
        stream.end();
        await finished(stream);
        await rename(temporary, options.file);
      } catch (closeError) {
        await discard();
        throw new ExportFileError(options.file, 'write', closeError);
      }
      throw new ExportInterruptedError(tally.records, options.file, error);
    }
    await discard();
    if (writeFailed) throw temporary === undefined ? (stream.errored ?? error) : new ExportFileError(options.file, 'write', stream.errored);
    if (temporary !== undefined && !context.json)
      context.io.stderr.write(`log-search: the export stopped after ${formatCount(tally.records)} records; ${options.file} was not changed\n`);
    throw error;
  }
  progress.finish(tally.records);
  if (temporary !== undefined) {
    try {
      await rename(temporary, options.file);
    } catch (error) {
      await discard();
      throw new ExportFileError(options.file, 'replace', error);
    }
  }
  const records = tally.records;
  const seconds = Math.round(now() - started) / 1000;
  const result: ExportResult = { file: options.file, records, total, seconds, recordsPerSecond: Math.round(seconds > 0 ? records / seconds : records) };
  const summaryStream = toStdout ? context.io.stderr : context.io.stdout;
  if (context.json) await writeText(summaryStream, jsonLine(result));
  else
    await writeText(
      summaryStream,
      `Exported ${formatCount(records)} records to ${toStdout ? 'stdout' : options.file} in ${seconds.toFixed(1)} s (${formatCount(result.recordsPerSecond)} records/s).\n`,
    );
  return result;
}
