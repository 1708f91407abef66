import type { BkClient } from '@x/core-client';
import { bindBkdataAccess } from './access/bkdata-access.js';
import type { BkdataAccess } from './access/bkdata-access.js';
import { createBkdataCoreClient } from './bkdata-settings.js';
import type { BkdataSettings } from './bkdata-settings.js';
import { bindBkdataDatabus } from './databus/bkdata-databus.js';
import type { BkdataDatabus } from './databus/bkdata-databus.js';
import { bindBkdataQuery } from './query/bkdata-query.js';
import type { BkdataQuery } from './query/bkdata-query.js';

/** A BKData client: three groups on one core client (one connection pool, one cache). */
export interface BkdataClient {
  /** Access: raw data, deploy plans, collector hubs (spec §5.1). */
  readonly access: BkdataAccess;
  /** Query: `query_sync` for SQL and Elasticsearch passthrough (spec §5.2). */
  readonly query: BkdataQuery;
  /** Databus: storages, cleans, clean debug, tasks, tails, result tables (spec §5.3). */
  readonly databus: BkdataDatabus;
  /** The underlying core client (for `call`, `bulk`, `paginate`, `batch` with the exported endpoints). */
  readonly client: BkClient;
  /** Closes the client's connections. */
  readonly close: () => Promise<void>;
}

/**
 * Creates a BKData client. Never throws: the API host and credentials are read at the first call.
 * @example
 * import { createBkdata } from '@x/bkdata';
 * const bkdata = createBkdata({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', username: 'admin' });
 * const rawData = await bkdata.access.listAllRawData({ bk_biz_id: 2 });
 * const { list } = await bkdata.query.sql('SELECT log FROM 2_bklog_app_logs LIMIT 10');
 * await bkdata.close();
 */
export function createBkdata(settings: BkdataSettings = {}): BkdataClient {
  const client = createBkdataCoreClient(settings);
  return {
    access: bindBkdataAccess(client),
    query: bindBkdataQuery(client, settings),
    databus: bindBkdataDatabus(client),
    client,
    close: () => client.close(),
  };
}
