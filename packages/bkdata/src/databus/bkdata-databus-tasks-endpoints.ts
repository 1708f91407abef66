import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkdataCommonShape } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject } from '../bkdata-input.js';
import { resultTableIdSchema } from './bkdata-databus-storages-endpoints.js';

/** Params of `POST tasks/` (post_tasks). */
export const createTaskInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    result_table_id: resultTableIdSchema,
    /**
     * Where the result table is shipped: `kafka` or storages of the table. Not a closed set: each
     * must be in the table's `storages.list`, with a shipper of the deployment (`DATABUS_SHIPPERS_DICT`).
     * @default ['kafka']
     */
    storages: z.array(z.string().min(1)).min(1).default(['kafka']),
    /** Where a new task starts reading; bklog sends `tail` for new clustering tables. */
    consume_position: z.string().min(1).optional(),
  },
  'post_tasks',
);
/** Params of {@link BkdataDatabusTasks.createTask}. */
export type BkdataCreateTaskParams = z.input<typeof createTaskInputSchema>;

/** Params of `GET`/`DELETE tasks/{result_table_id}/`. */
export const taskInputSchema = bkdataInputObject({ ...bkdataCommonShape, result_table_id: resultTableIdSchema }, 'get_tasks');
/** Params of {@link BkdataDatabusTasks.getTask} and {@link BkdataDatabusTasks.deleteTask}. */
export type BkdataTaskParams = z.input<typeof taskInputSchema>;

/**
 * A shipping task as `tasks/{result_table_id}/` answers it: a DatabusConnectorTask row
 * (Tencent/bk-base src/api/datahub/databus/task_views.py `TaskViewset.retrieve`; `.values()`
 * without `storage`, `model_to_dict` plus `module`/`component` with it). Nothing is relied on.
 */
export const taskSchema = bkdataOutputObject({
  id: z.number().nullish(),
  processing_id: z.string().nullish(),
  connector_task_name: z.string().nullish(),
  task_type: z.string().nullish(),
  status: z.string().nullish(),
  cluster_name: z.string().nullish(),
  source_type: z.string().nullish(),
  sink_type: z.string().nullish(),
  data_source: z.string().nullish(),
  data_sink: z.string().nullish(),
  module: z.string().nullish(),
  component: z.string().nullish(),
});
/** A shipping task. */
export type BkdataTask = z.output<typeof taskSchema>;

// Tasks belong to a result table, whose id starts with the business id: the tenant comes from it.
const common = { module: 'bkdata', root: 'databus', before: addBkdataUserInfo, headerKeys: BKDATA_HEADER_KEYS, tenant: { from: 'result_table_id' } } as const;

/** The BKData task endpoints (spec §5.3), for `client.call`. */
export const bkdataTaskEndpoints = {
  createTask: defineEndpoint({
    ...common,
    name: 'post_tasks',
    description: 'Starts shipping a result table to its storages.',
    method: 'POST',
    path: 'tasks/',
    input: createTaskInputSchema,
    // `TaskViewset.create` answers a message: "任务(result_table_id:...)启动成功!".
    output: z.unknown(),
  }),
  getTask: defineEndpoint({
    ...common,
    name: 'get_tasks',
    description: 'The shipping task of a result table.',
    method: 'GET',
    path: 'tasks/{result_table_id}/',
    input: taskInputSchema,
    output: z.union([taskSchema, z.array(taskSchema)]).nullable(),
  }),
  deleteTask: defineEndpoint({
    ...common,
    name: 'delete_tasks',
    description: 'Stops shipping a result table.',
    method: 'DELETE',
    path: 'tasks/{result_table_id}/',
    input: taskInputSchema,
    // `TaskViewset.destroy` answers a message: "result_table_id:...,任务已成功停止!".
    output: z.unknown(),
  }),
} as const;
