import { createSeededRandom } from '../seeded-random.js';
import type { SeededRandom } from '../seeded-random.js';
import type { IndexSetDefinition } from './index-sets.js';

/** A field value of a seeded record. */
export type RecordValue = string | number;

/** One seeded log record with the bookkeeping unify-query and BKData answer with. */
export interface StoredRecord {
  /** The document, as an index would return it in `_source`. */
  readonly source: Readonly<Record<string, RecordValue>>;
  /** Epoch milliseconds (the same instant as `source.dtEventTimeStamp`). */
  readonly timestamp: number;
  /** The physical index name, `v2_<result table>_<yyyyMMdd>_0`. */
  readonly index: string;
  readonly docId: string;
}

/** The seeded records of every index set, keyed by unify-query table id, each sorted by time ascending. */
export type RecordsByTable = ReadonlyMap<string, readonly StoredRecord[]>;

const DAY_MS = 86_400_000;

const hosts = Array.from({ length: 8 }, (_unused, offset) => ({ serverIp: `10.0.0.${11 + offset}`, bkHostId: 101 + offset }));
const httpMethods = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'] as const;
const requestPaths = [
  '/api/v1/orders',
  '/api/v1/orders/detail',
  '/api/v1/users',
  '/api/v1/payments',
  '/api/v1/inventory',
  '/healthz',
  '/login',
  '/static/app.js',
] as const;
const statuses = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 429, 500, 502, 503] as const;
const services = ['order-service', 'payment-service', 'user-service', 'inventory-service'] as const;
const appLevels = ['info', 'info', 'info', 'info', 'info', 'debug', 'debug', 'warn', 'error'] as const;
const appMessages: Readonly<Record<string, readonly string[]>> = {
  info: ['request handled', 'order created', 'payment captured', 'cache refreshed', 'user signed in'],
  debug: ['loaded configuration', 'query plan chosen', 'retrying upstream call'],
  warn: ['slow query detected', 'upstream responded slowly', 'connection pool nearly exhausted'],
  error: ['upstream timeout', 'database connection refused', 'payment declined by gateway', 'NullPointerException in handler'],
};
const operators = ['admin', 'alice', 'bob', 'carol', 'dave'] as const;
const actions = ['login', 'logout', 'create', 'update', 'delete', 'export'] as const;
const resources = ['index_set', 'collector', 'cluster', 'dashboard', 'alert_rule'] as const;

function levelOfStatus(status: number): string {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

const compactDates = new Map<number, string>();

/** `yyyyMMdd` of a timestamp (UTC), memoised per day since every record needs one. */
function compactDate(timestamp: number): string {
  const day = Math.floor(timestamp / DAY_MS);
  let text = compactDates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
    compactDates.set(day, text);
  }
  return text;
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function buildSource(indexSet: IndexSetDefinition, random: SeededRandom, timestamp: number, sequence: number): Record<string, RecordValue> {
  const host = random.pick(hosts);
  const common: Record<string, RecordValue> = {
    dtEventTimeStamp: String(timestamp),
    time: timestamp,
    serverIp: host.serverIp,
    bk_host_id: host.bkHostId,
    cloudId: 0,
    gseIndex: sequence + 1,
    iterationIndex: random.integer(0, 3),
    trace_id: random.hex(32),
  };
  const iso = new Date(timestamp).toISOString();
  const method = random.pick(httpMethods);
  const path = random.pick(requestPaths);
  const status = random.pick(statuses);
  const latency = roundTo(random.next() ** 3 * 2000 + 0.5, 2);
  switch (indexSet.indexSetId) {
    case 42: {
      const clientIp = `192.168.${random.integer(0, 15)}.${random.integer(1, 254)}`;
      const bytes = random.integer(120, 48_000);
      return {
        ...common,
        level: levelOfStatus(status),
        service: 'nginx',
        method,
        path,
        status,
        latency_ms: latency,
        client_ip: clientIp,
        log: `${clientIp} - - [${iso}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "Mozilla/5.0" ${latency}`,
      };
    }
    case 43: {
      const service = random.pick(services);
      const level = random.pick(appLevels);
      const message = random.pick(appMessages[level] ?? ['request handled']);
      const logger = `com.example.${service.replace('-service', '')}.Handler`;
      return {
        ...common,
        level,
        service,
        method,
        path,
        status: level === 'error' ? 500 : status,
        latency_ms: latency,
        logger,
        log: `${iso} ${level.toUpperCase()} [${service}] ${logger} - ${message} trace_id=${String(common.trace_id)}`,
      };
    }
    default: {
      const operator = random.pick(operators);
      const action = random.pick(actions);
      const resource = random.pick(resources);
      const result = random.next() < 0.1 ? 'failure' : 'success';
      return {
        ...common,
        level: result === 'failure' ? 'warn' : 'info',
        service: 'iam',
        operator,
        action,
        resource,
        result,
        log: `user ${operator} ${action} ${resource}: ${result}`,
      };
    }
  }
}

/**
 * Generates the seeded records of every index set over the 24 hours before `now`. The same
 * `(seed, now, recordCount)` always gives the same records.
 */
export function generateLogRecords(indexSets: readonly IndexSetDefinition[], options: { seed: number; now: number; recordCount: number }): RecordsByTable {
  const random = createSeededRandom(options.seed);
  const start = options.now - DAY_MS;
  const byTable = new Map<string, StoredRecord[]>();
  let remaining = options.recordCount;
  indexSets.forEach((indexSet, position) => {
    const count = position === indexSets.length - 1 ? remaining : Math.round(options.recordCount * indexSet.share);
    remaining -= count;
    const timestamps = Array.from({ length: Math.max(0, count) }, () => start + Math.floor(random.next() * DAY_MS)).sort((left, right) => left - right);
    byTable.set(
      indexSet.tableId,
      timestamps.map((timestamp, sequence) => ({
        source: buildSource(indexSet, random, timestamp, sequence),
        timestamp,
        index: `v2_${indexSet.resultTableId}_${compactDate(timestamp)}_0`,
        docId: random.hex(20),
      })),
    );
  });
  return byTable;
}
