import type { BkClient } from '@x/core-client';
import { createBkdataCoreClient } from '../bkdata-settings.js';
import type { BkdataSettings } from '../bkdata-settings.js';
import { bindBkdataCleanDebug } from './bkdata-clean-debug.js';
import type { BkdataDatabusCleanDebug } from './bkdata-clean-debug.js';
import { bindBkdataCleans } from './bkdata-databus-cleans.js';
import type { BkdataDatabusCleans } from './bkdata-databus-cleans.js';
import { bindBkdataStorages } from './bkdata-databus-storages.js';
import type { BkdataDatabusStorages } from './bkdata-databus-storages.js';
import { bindBkdataTables } from './bkdata-databus-tables.js';
import type { BkdataDatabusTables } from './bkdata-databus-tables.js';
import { bindBkdataTasks } from './bkdata-databus-tasks.js';
import type { BkdataDatabusTasks } from './bkdata-databus-tasks.js';

/**
 * BKData databus (spec §5.3): storages, cleans, clean debug (v4), shipping tasks, raw data and
 * result table tails. Params are strict; wire fields the SDK does not model go in `extra`
 * (`BkdataExtra`).
 * @example await bkdata.databus.createTask({ result_table_id: '2_bklog_nginx', extra: { description: 'restart' } });
 */
export interface BkdataDatabus extends BkdataDatabusStorages, BkdataDatabusCleans, BkdataDatabusCleanDebug, BkdataDatabusTasks, BkdataDatabusTables {}

/** The databus group bound to an existing core client (what `createBkdata` uses). */
export function bindBkdataDatabus(client: BkClient): BkdataDatabus {
  return {
    ...bindBkdataStorages(client),
    ...bindBkdataCleans(client),
    ...bindBkdataCleanDebug(client),
    ...bindBkdataTasks(client),
    ...bindBkdataTables(client),
  };
}

/** The databus group on a client of its own, for `@x/bkdata/databus` users. */
export interface BkdataDatabusClient extends BkdataDatabus {
  /** The underlying core client. */
  readonly client: BkClient;
  /** Closes the client's connections. */
  readonly close: () => Promise<void>;
}

/**
 * Creates a client for BKData databus only.
 * @example
 * import { createBkdataDatabus, buildCleanFields } from '@x/bkdata/databus';
 * const databus = createBkdataDatabus({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway' });
 * const cleans = await databus.listCleans({ raw_data_id: 1000, bk_biz_id: 2 });
 */
export function createBkdataDatabus(settings: BkdataSettings = {}): BkdataDatabusClient {
  const client = createBkdataCoreClient(settings);
  return { ...bindBkdataDatabus(client), client, close: () => client.close() };
}
