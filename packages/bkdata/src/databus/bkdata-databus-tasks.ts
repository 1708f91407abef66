import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type { BkdataCreateTaskParams, BkdataTask, BkdataTaskParams } from './bkdata-databus-tasks-endpoints.js';

const taskEndpoints = lazyImport(async () => (await import('./bkdata-databus-tasks-endpoints.js')).bkdataTaskEndpoints);

/** BKData shipping tasks. */
export interface BkdataDatabusTasks {
  /**
   * Starts shipping a result table (to Kafka unless `storages` says otherwise).
   * @example
   * await bkdata.databus.createTask({ result_table_id: '2_bklog_nginx_access' });
   */
  readonly createTask: (params: BkdataCreateTaskParams, options?: CallOptions) => Promise<unknown>;
  /**
   * The shipping task of a result table.
   * @example
   * const task = await bkdata.databus.getTask({ result_table_id: '2_bklog_nginx_access' });
   */
  readonly getTask: (params: BkdataTaskParams, options?: CallOptions) => Promise<BkdataTask | BkdataTask[] | null>;
  /**
   * Stops shipping a result table (the id travels in the path and in the JSON body).
   * @example
   * await bkdata.databus.deleteTask({ result_table_id: '2_bklog_nginx_access' });
   */
  readonly deleteTask: (params: BkdataTaskParams, options?: CallOptions) => Promise<unknown>;
  /**
   * Restarts shipping, as bklog does: delete, then create. If the create fails the task stays
   * stopped and the error is thrown.
   * @example
   * await bkdata.databus.restartTask({ result_table_id: '2_bklog_nginx_access' });
   */
  readonly restartTask: (params: BkdataCreateTaskParams, options?: CallOptions) => Promise<unknown>;
}

/** The task methods bound to a core client. */
export function bindBkdataTasks(client: BkClient): BkdataDatabusTasks {
  return {
    createTask: async (params, options) => client.call((await taskEndpoints()).createTask, params, options),
    getTask: async (params, options) => client.call((await taskEndpoints()).getTask, params, options),
    deleteTask: async (params, options) => client.call((await taskEndpoints()).deleteTask, params, options),
    restartTask: async (params, options) => {
      const { storages: _storages, consume_position: _position, ...taskParams } = params;
      const endpoints = await taskEndpoints();
      await client.call(endpoints.deleteTask, taskParams, options);
      return client.call(endpoints.createTask, params, options);
    },
  };
}
