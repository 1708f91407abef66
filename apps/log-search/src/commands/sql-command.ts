import { cellText, formatCount, renderTable, writeText } from '@x/cli-kit';
import { jsonLine } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** One row of an ad-hoc statement: whatever columns the SELECT names. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** What {@link sqlCommand} returned. */
export interface SqlResult {
  readonly columns: readonly string[];
  readonly rows: readonly SqlRow[];
  readonly totalRecords: number | undefined;
  readonly device: string | undefined;
}

/** `sql "<SELECT ...>"`: a BKData `query_sync` SQL query, printed as a table. */
export async function sqlCommand(context: CommandContext, sql: string): Promise<SqlResult> {
  const answer = await context.target.bkdata.query.sql<SqlRow>(sql, { signal: context.io.signal });
  const rows = answer.list;
  const columns = answer.select_fields_order ?? Object.keys(rows[0] ?? {});
  const result: SqlResult = { columns, rows, totalRecords: answer.totalRecords ?? undefined, device: answer.device ?? undefined };
  if (context.json) {
    await writeText(context.io.stdout, jsonLine(result));
    return result;
  }
  if (rows.length === 0) {
    await writeText(context.io.stdout, 'No rows.\n');
    return result;
  }
  // The last column is usually the widest (a log line); let it take the remaining width.
  const tableColumns = columns.map((column, index) => ({
    header: column,
    align: typeof rows[0]?.[column] === 'number' ? ('right' as const) : ('left' as const),
    flexible: index === columns.length - 1,
  }));
  await writeText(
    context.io.stdout,
    renderTable(
      tableColumns,
      rows.map((row) => columns.map((column) => cellText(row[column]))),
      context.columns,
    ),
  );
  await writeText(
    context.io.stdout,
    `${formatCount(rows.length)} row${rows.length === 1 ? '' : 's'}${result.device === undefined ? '' : ` (${result.device})`}.\n`,
  );
  return result;
}
