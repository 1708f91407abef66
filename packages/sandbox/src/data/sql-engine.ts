import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { IndexSetDefinition, SeededFieldType } from './index-sets.js';
import type { RecordsByTable } from './log-records.js';

/** The answer of a SELECT: rows and the column order. */
export interface SqlResult {
  readonly list: readonly Record<string, unknown>[];
  readonly selectFieldsOrder: readonly string[];
}

/**
 * Why a statement failed, in the classes BKData's query engine tells apart (Tencent/bk-base
 * src/datalab/queryengine, `enums/ResultCodeEnum.java` and the query drivers' error mapping):
 * a statement that does not parse (`QUERY_SQL_SYNTAX_ERROR`), a statement type it does not run
 * (`QUERY_OTHER_ERROR`, "当前sql语句类型 {0} 暂未支持"), an unknown table, column or function, or any
 * other failure of the storage (`QUERY_DEVICE_ERROR`).
 */
export type SqlFailureKind = 'syntax' | 'unsupported-statement' | 'table-not-found' | 'field-not-found' | 'function-not-found' | 'device';

/** A statement the engine refused or could not run, with the kind of failure. */
export class SqlQueryError extends Error {
  override readonly name = 'SqlQueryError';
  readonly kind: SqlFailureKind;

  constructor(kind: SqlFailureKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Statement types BKSQL parses but the sync query does not run. */
const UNSUPPORTED_STATEMENTS = /^(delete|update|insert|replace|drop|create|alter|truncate|grant|revoke)\b/i;

/** SQLite's messages, mapped onto the query engine's classes. */
function classifyEngineError(error: unknown): SqlQueryError {
  const message = error instanceof Error ? error.message : String(error);
  if (/no such table/i.test(message)) return new SqlQueryError('table-not-found', message);
  if (/no such column/i.test(message)) return new SqlQueryError('field-not-found', message);
  if (/no such function/i.test(message)) return new SqlQueryError('function-not-found', message);
  if (/syntax error|incomplete input|unrecognized token/i.test(message)) return new SqlQueryError('syntax', message);
  return new SqlQueryError('device', message);
}

const columnTypes: Readonly<Record<SeededFieldType, string>> = {
  keyword: 'TEXT',
  text: 'TEXT',
  long: 'INTEGER',
  integer: 'INTEGER',
  double: 'REAL',
  date: 'INTEGER',
};

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Everything after the first statement, ignoring trailing semicolons and whitespace. */
function hasSecondStatement(sql: string): boolean {
  let quoteCharacter: string | undefined;
  for (let position = 0; position < sql.length; position += 1) {
    const character = sql.charAt(position);
    if (quoteCharacter !== undefined) {
      if (character === quoteCharacter) quoteCharacter = undefined;
    } else if (character === "'" || character === '"' || character === '`') {
      quoteCharacter = character;
    } else if (character === ';') {
      return sql.slice(position + 1).replace(/[;\s]/g, '') !== '';
    }
  }
  return false;
}

/**
 * BKData's SQL names tables by result table id (`2_bklog_nginx_access`, sometimes with a storage
 * suffix such as `.doris`); SQLite needs identifiers that start with a digit quoted.
 */
function quoteResultTables(sql: string): string {
  return sql.replace(
    /\b(FROM|JOIN)(\s+)([`"]?)(\d+_\w+)\3(?:\.(?:hdfs|doris|tspider|mysql|es|clickhouse|iceberg))?/gi,
    (_match, keyword: string, space: string, _quote: string, table: string) => `${keyword}${space}${quote(table)}`,
  );
}

/**
 * An in-memory SQLite database holding one table per seeded result table, made read-only after it
 * is filled, so `query_sync` runs the caller's SELECT for real.
 */
export class SqlEngine {
  readonly #database: DatabaseSync;

  constructor(indexSets: readonly IndexSetDefinition[], records: RecordsByTable) {
    // Loaded on first use: on Node 22 merely importing node:sqlite prints an ExperimentalWarning,
    // which a sandbox that never runs SQL should not cause.
    const { DatabaseSync: Database } = process.getBuiltinModule('node:sqlite');
    this.#database = new Database(':memory:');
    for (const indexSet of indexSets) {
      const columns = [
        ...indexSet.fields.map((field) => ({ name: field.fieldName, type: columnTypes[field.fieldType] })),
        { name: 'thedate', type: 'INTEGER' },
        { name: 'dtEventTime', type: 'TEXT' },
      ];
      const table = quote(indexSet.resultTableId);
      this.#database.exec(`CREATE TABLE ${table} (${columns.map((column) => `${quote(column.name)} ${column.type}`).join(', ')})`);
      const insert = this.#database.prepare(
        `INSERT INTO ${table} (${columns.map((column) => quote(column.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      this.#database.exec('BEGIN');
      for (const record of records.get(indexSet.tableId) ?? []) {
        const iso = new Date(record.timestamp).toISOString();
        const values: SQLInputValue[] = indexSet.fields.map((field) => {
          const value = record.source[field.fieldName];
          if (value === undefined) return null;
          return field.fieldName === 'dtEventTimeStamp' ? record.timestamp : value;
        });
        values.push(Number(iso.slice(0, 10).replaceAll('-', '')), iso.replace('T', ' ').slice(0, 19));
        insert.run(...values);
      }
      this.#database.exec('COMMIT');
    }
    // From here on the engine itself refuses writes, whatever the statement looks like.
    this.#database.exec('PRAGMA query_only = ON');
  }

  /**
   * Runs one SELECT (or WITH ... SELECT). Anything else is a {@link SqlQueryError}: another statement
   * type is `unsupported-statement`, several statements or text that does not parse is `syntax`, and
   * SQLite's own errors are classified by their message.
   */
  query(sql: string): SqlResult {
    const trimmed = sql.trim();
    const statementType = /^\w+/.exec(trimmed)?.[0] ?? '';
    if (UNSUPPORTED_STATEMENTS.test(trimmed)) throw new SqlQueryError('unsupported-statement', `当前sql语句类型 ${statementType.toUpperCase()} 暂未支持`);
    if (!/^(select|with)\b/i.test(trimmed)) throw new SqlQueryError('syntax', `syntax error near "${statementType}": only SELECT statements are allowed`);
    if (hasSecondStatement(trimmed)) throw new SqlQueryError('syntax', 'syntax error: only one statement is allowed');
    try {
      const statement = this.#database.prepare(quoteResultTables(trimmed));
      const list = statement.all().map((row) => ({ ...row }));
      return { list, selectFieldsOrder: statement.columns().map((column) => column.name) };
    } catch (error) {
      throw classifyEngineError(error);
    }
  }

  close(): void {
    if (this.#database.isOpen) this.#database.close();
  }
}
