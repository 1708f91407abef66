import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { formatCount, writeText } from '@x/cli-kit';
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

/**
 * Writes rows as NDJSON with backpressure: when the stream's buffer is full, waits for `drain`
 * before pulling the next row, so memory stays flat however many rows come.
 */
export async function writeNdjson(rows: AsyncIterable<UnifyQueryRow>, stream: Writable, progress?: ProgressReporter): Promise<number> {
  let count = 0;
  for await (const row of rows) {
    if (!stream.write(`${JSON.stringify(row)}\n`)) {
      // A failed stream never drains: surface its error instead of waiting forever.
      if (stream.errored !== null) throw stream.errored;
      await once(stream, 'drain');
    }
    count += 1;
    progress?.update(count);
  }
  return count;
}

/**
 * `search "<query>" --export out.ndjson`: every matching record through `unifyQuery.scroll`,
 * one page in memory at a time, streamed to the file with a progress bar on stderr (count and
 * rate); `--limit` caps the records. A summary goes to stdout (to stderr when exporting to stdout).
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
  // Opened before the first row: a bad path fails at once with the system's reason.
  const handle = toStdout ? undefined : await open(options.file, 'w');
  const stream: Writable = handle === undefined ? context.io.stdout : handle.createWriteStream();
  const progress = createProgress({ stream: context.io.stderr, label: 'export', unit: 'records', total, columns: context.columns, now, interactive: options.interactiveProgress });
  let records = 0;
  try {
    records = await writeNdjson(context.target.unifyQuery.scroll(query, { maxRecords: options.limit, callOptions }), stream, progress);
  } finally {
    progress.finish(records);
    if (!toStdout) {
      stream.end();
      await finished(stream);
    }
  }
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
