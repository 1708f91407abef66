import { cellText, formatCount, formatTimestamp, renderTable, writeText } from '@x/cli-kit';
import type { TableColumn } from '@x/cli-kit';
import { buildQuery } from '@x/unify-query';
import type { UnifyQueryRawParams, UnifyQueryRow } from '@x/unify-query';
import { formatDuration } from '../duration.js';
import { jsonLine } from './command-context.js';
import type { CommandContext, ScopeOptions } from './command-context.js';

/** Options of {@link searchCommand}. */
export interface SearchOptions extends ScopeOptions {
  /** A Lucene query string (`*` for everything). */
  readonly query: string;
  /**
   * Rows to show; more than {@link MAX_SEARCH_LIMIT} is capped (and said so).
   * @default 20
   */
  readonly limit?: number | undefined;
}

/** What {@link searchCommand} found. */
export interface SearchResult {
  readonly total: number;
  readonly rows: readonly UnifyQueryRow[];
  /** The limit used, when `limit` asked for more than {@link MAX_SEARCH_LIMIT}. */
  readonly limitCappedAt?: number | undefined;
}

/** Rows `search` shows without `--limit`. */
export const DEFAULT_SEARCH_LIMIT = 20;

/**
 * The most rows one unify-query raw query returns (its `limit` is capped at 10 000, as in the
 * sandbox); `--export` scrolls past it.
 */
export const MAX_SEARCH_LIMIT = 10_000;

/** The unify-query request of a search: newest first. */
export function searchQuery(options: SearchOptions, now: number, limit: number): UnifyQueryRawParams {
  return buildQuery({
    indexSetIds: options.indexSetIds,
    bkBizId: options.bkBizId,
    queryString: options.query.trim() === '' ? '*' : options.query,
    start: now - options.sinceMs,
    end: now,
    orderBy: ['-dtEventTimeStamp'],
    limit,
  });
}

/** The document fields the search table reads besides bklog's own (rows are typed by the caller). */
interface SearchRow extends UnifyQueryRow {
  readonly level?: unknown;
  readonly host?: unknown;
  readonly ip?: unknown;
  readonly message?: unknown;
}

/** A row's time in epoch milliseconds (`dtEventTimeStamp`, else `time`). */
export function rowTime(row: UnifyQueryRow): number | undefined {
  for (const time of [row.dtEventTimeStamp, row.time]) {
    const value = Number(time);
    if (Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}

function indexSetOf(row: UnifyQueryRow): string {
  return row.__data_label?.replace(/^bklog_index_set_/, '') ?? '';
}

/**
 * `search "<query>"`: the newest matching rows as a table (time, level, host, message — the
 * message cut to the terminal's width), then how many matched in total.
 */
export async function searchCommand(context: CommandContext, options: SearchOptions): Promise<SearchResult> {
  const asked = options.limit ?? DEFAULT_SEARCH_LIMIT;
  // Asking unify-query for more than it returns would print fewer rows than asked without a word.
  const limit = Math.min(asked, MAX_SEARCH_LIMIT);
  const capped = asked > limit ? { limitCappedAt: limit } : {};
  const page = await context.target.unifyQuery.queryTsRaw<SearchRow>(searchQuery(options, context.now, limit), { signal: context.io.signal });
  const rows = page.list ?? [];
  const total = page.total ?? rows.length;
  if (context.json) {
    await writeText(context.io.stdout, jsonLine({ total, shown: rows.length, ...capped, rows }));
    return { total, rows, ...capped };
  }
  if (asked > limit) {
    await writeText(
      context.io.stderr,
      `log-search: --limit ${formatCount(asked)} is capped at ${formatCount(limit)}, the most rows unify-query returns for one query; --export writes every match\n`,
    );
  }
  const several = options.indexSetIds.length > 1;
  const columns: TableColumn[] = [
    { header: 'time' },
    ...(several ? [{ header: 'set' }] : []),
    { header: 'level' },
    { header: 'host' },
    { header: 'message', flexible: true },
  ];
  const cells = rows.map((row) => {
    const time = rowTime(row);
    return [
      time === undefined ? '' : formatTimestamp(time),
      ...(several ? [indexSetOf(row)] : []),
      cellText(row.level),
      cellText(row.serverIp ?? row.host ?? row.ip),
      cellText(row.log ?? row.message),
    ];
  });
  const scope = `index set ${options.indexSetIds.join(', ')}, last ${formatDuration(options.sinceMs)}`;
  if (rows.length === 0) {
    await writeText(context.io.stdout, `No records match "${options.query}" (${scope}).\n`);
    return { total, rows, ...capped };
  }
  await writeText(context.io.stdout, renderTable(columns, cells, context.columns));
  const cap = asked > limit ? `; --limit capped at ${formatCount(limit)}` : '';
  await writeText(context.io.stdout, `${formatCount(rows.length)} of ${formatCount(total)} matching records, newest first (${scope}${cap}).\n`);
  return { total, rows, ...capped };
}
