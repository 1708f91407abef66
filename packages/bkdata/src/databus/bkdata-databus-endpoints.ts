import { bkdataCleanDebugEndpoints } from './bkdata-clean-debug-endpoints.js';
import { bkdataCleanEndpoints } from './bkdata-databus-cleans-endpoints.js';
import { bkdataStorageEndpoints } from './bkdata-databus-storages-endpoints.js';
import { bkdataTableEndpoints } from './bkdata-databus-tables-endpoints.js';
import { bkdataTaskEndpoints } from './bkdata-databus-tasks-endpoints.js';

/** Every BKData databus endpoint (spec §5.3), for `client.call`. */
export const bkdataDatabusEndpoints = {
  ...bkdataStorageEndpoints,
  ...bkdataCleanEndpoints,
  ...bkdataCleanDebugEndpoints,
  ...bkdataTaskEndpoints,
  ...bkdataTableEndpoints,
} as const;
