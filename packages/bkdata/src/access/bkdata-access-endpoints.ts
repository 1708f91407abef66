import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject, unknownPartFields } from '../bkdata-input.js';
import { BKDATA_MAX_RAW_DATA_PAGE_SIZE } from './bkdata-raw-data-page-size.js';

// ---------------------------------------------------------------------------------------------
// Schemas
//
// Shaped by Tencent/bk-base src/api/datahub/access (commit 5abd38af798b33cdedfdbf30ccbcd1bb61d6c35a):
// raw_data_views.py `RawDataViewSet.list` + serializers.py `ListByParamSerializer`,
// deploy_plan_views.py `CollectorDeployPlanViewSet`, and the row asserted by
// tests/modules/access/get_rawdata_test.py.

const pageSizeSchema = z.number().int().positive().max(BKDATA_MAX_RAW_DATA_PAGE_SIZE);

/**
 * Params of `rawdata/` (list_raw_data), the fields of bk-base's `ListByParamSerializer`. With
 * `page` and `page_size` the answer is one page `{count, results}`; without `page` the whole list.
 */
export const listRawDataInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    /** Only the raw data of this business. */
    bk_biz_id: bkBizIdSchema.optional(),
    /** Only the raw data of this access scenario (`log`, `custom`, ...: bk-base's AccessScenarioConfig table). */
    data_scenario: z.string().min(1).optional(),
    /** Only the raw data of this data source. */
    data_source: z.string().min(1).optional(),
    /** Only the raw data whose name contains this text. */
    raw_data_name__icontains: z.string().min(1).optional(),
    /** Only the raw data whose id contains these digits. */
    raw_data_id__icontains: z.number().int().nonnegative().optional(),
    /** @default false */
    show_display: z.boolean().optional(),
    /**
     * Adds `bk_biz_name` to each row.
     * @default true
     */
    show_biz_name: z.boolean().optional(),
    /** 1-based page number; needs `page_size` (bk-base computes the slice from both). */
    page: z.number().int().positive().optional(),
    /** Records per page, at most 100: the name bk-base reads. */
    page_size: pageSizeSchema.optional(),
    /**
     * bklog's name for `page_size` (what its `bulk_request`, and the core's `bulk`/`paginate`,
     * send). bk-base does not read it, so it is sent as `page_size`.
     */
    pagesize: pageSizeSchema.optional(),
    /** Sent by the paging helpers, as bklog's `bulk_request` sends it. */
    no_request: z.boolean().optional(),
  },
  'list_raw_data',
).refine((params) => params.page === undefined || params.page_size !== undefined || params.pagesize !== undefined, {
  error: 'page needs page_size: bk-base computes (page - 1) * page_size and fails without it',
  path: ['page_size'],
});
/** Params of {@link BkdataAccess.listRawData}. */
export type BkdataListRawDataParams = z.input<typeof listRawDataInputSchema>;

/**
 * One BKData raw data as `rawdata/` lists it: the AccessRawData row (`.values()`), keyed by `id`,
 * plus the computed `topic` (and `bk_biz_name` unless `show_biz_name` is false). Only `id` is relied on.
 */
export const rawDataSchema = bkdataOutputObject({
  /** The raw data id (bk-base's AccessRawData primary key); there is no `raw_data_id` in a listed row. */
  id: z.number(),
  bk_biz_id: z.number().nullish(),
  bk_biz_name: z.string().nullish(),
  raw_data_name: z.string().nullish(),
  raw_data_alias: z.string().nullish(),
  data_scenario: z.string().nullish(),
  data_source: z.string().nullish(),
  data_category: z.string().nullish(),
  data_encoding: z.string().nullish(),
  sensitivity: z.string().nullish(),
  maintainer: z.string().nullish(),
  description: z.string().nullish(),
  bk_app_code: z.string().nullish(),
  storage_channel_id: z.number().nullish(),
  storage_partitions: z.number().nullish(),
  topic: z.string().nullish(),
  topic_name: z.string().nullish(),
  active: z.union([z.number(), z.boolean()]).nullish(),
  permission: z.string().nullish(),
  created_by: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_by: z.string().nullish(),
  updated_at: z.string().nullish(),
});
/** One raw data as BKData lists it. */
export type BkdataRawData = z.output<typeof rawDataSchema>;

/** One page of raw data (`page` + `page_size` given): `{"results": ..., "count": total}`. */
export const rawDataPageSchema = bkdataOutputObject({ count: z.number().int().nonnegative(), results: z.array(rawDataSchema) });
/** One page of raw data. */
export type BkdataRawDataPage = z.output<typeof rawDataPageSchema>;

/** `rawdata/` answers the whole list, or a page when `page` is given. */
export const listRawDataOutputSchema = z.union([z.array(rawDataSchema), rawDataPageSchema]);
/** What {@link BkdataAccess.listRawData} returns. */
export type BkdataListRawDataResult = z.output<typeof listRawDataOutputSchema>;

/** Params of `deploy_plan/{raw_data_id}/` (get_deploy_summary). */
export const getDeploySummaryInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    raw_data_id: rawDataIdSchema,
    /** The business of the raw data; the tenant is derived from it. */
    bk_biz_id: bkBizIdSchema.optional(),
  },
  'get_deploy_summary',
);
/** Params of {@link BkdataAccess.getDeploySummary}. */
export type BkdataGetDeploySummaryParams = z.input<typeof getDeploySummaryInputSchema>;

/**
 * The deploy plan of a raw data (`CollectorDeployPlanViewSet.retrieve`, the collector's `get()`):
 * its business, scenario and app, `access_raw_data` (the AccessRawData row, keyed by `id`) and,
 * for scenarios with a collector configuration, `access_conf_info`. It carries no status or
 * summary; bklog only checks that the call succeeds. Nothing in it is relied on.
 */
export const deploySummarySchema = bkdataOutputObject({
  bk_biz_id: z.number().nullish(),
  data_scenario: z.string().nullish(),
  bk_app_code: z.string().nullish(),
  description: z.string().nullish(),
  access_raw_data: bkdataOutputObject({
    id: z.number().nullish(),
    raw_data_name: z.string().nullish(),
    raw_data_alias: z.string().nullish(),
    maintainer: z.string().nullish(),
  }).nullish(),
  /** The collector configuration of the scenario; its keys depend on the scenario. */
  access_conf_info: z.record(z.string(), z.unknown()).nullish(),
});
/** What {@link BkdataAccess.getDeploySummary} returns. */
export type BkdataDeploySummary = z.output<typeof deploySummarySchema>;

/** Params of `collectorhub/{raw_data_id}/stop/` (stop_collectorhub). */
export const stopCollectorhubInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    raw_data_id: rawDataIdSchema,
    bk_biz_id: bkBizIdSchema.optional(),
  },
  'stop_collectorhub',
);
/** Params of {@link BkdataAccess.stopCollectorhub}. */
export type BkdataStopCollectorhubParams = z.input<typeof stopCollectorhubInputSchema>;

/**
 * What stopping a collector hub answers: `CollectorHubPlanViewSet.stop` returns `Response(True)`
 * (its apidoc shows `"stop success"`); nothing in it is relied on.
 */
export const stopCollectorhubOutputSchema = z.unknown();
/** What {@link BkdataAccess.stopCollectorhub} returns. */
export type BkdataStopCollectorhubResult = z.output<typeof stopCollectorhubOutputSchema>;

/** BKData's rule for raw data names: a letter, then at most 49 letters, digits or underscores. */
const rawDataNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must start with a letter and hold at most 50 letters, digits or underscores');

/**
 * How sensitive a raw data is: the choices of bk-base's `RawDataSerializer.sensitivity`
 * (`topsecret` is not accepted yet).
 */
export type BkdataSensitivity = 'private' | 'public' | 'confidential';

/**
 * `access_raw_data` of a deploy plan, as bklog's collectors and `tasks/bkdata.py` send it: the
 * fields of bk-base's `BaseSerializer.AccessRawDataSerializer`.
 */
export const accessRawDataSchema = z.strictObject(
  {
    raw_data_name: rawDataNameSchema,
    raw_data_alias: z.string().min(1),
    /** Maintainers; a list is sent comma-joined (`"u1,u2"`), as BKData expects. */
    maintainer: z.union([
      z.string().min(1),
      z
        .array(z.string().min(1))
        .min(1)
        .transform((names) => names.join(',')),
    ]),
    tags: z.array(z.string()).optional(),
    data_source_tags: z.array(z.string()).optional(),
    data_region: z.string().optional(),
    data_source: z.string().optional(),
    /**
     * Required by bk-base's `BaseSerializer`.
     * @default 'utf-8' (what bklog sends)
     */
    data_encoding: z.string().min(1).default('utf-8'),
    /**
     * Required by bk-base's `BaseSerializer`; `RawDataSerializer` accepts these three.
     * @default 'private' (what bklog sends)
     */
    sensitivity: z.enum(['private', 'public', 'confidential']).default('private'),
    description: z.string().optional(),
    preassigned_data_id: z.number().int().positive().optional(),
    /** A preassigned Kafka topic name. */
    topic_name: z.string().min(1).optional(),
    /** The storage channel (Kafka cluster) of the raw data. */
    storage_channel_id: z.number().int().optional(),
  },
  unknownPartFields('access_raw_data'),
);
/** `access_raw_data` of a deploy plan. */
export type BkdataAccessRawData = z.input<typeof accessRawDataSchema>;

const deployPlanShape = {
  ...bkdataCommonShape,
  bk_biz_id: bkBizIdSchema,
  /**
   * The access scenario. Not a closed set: bk-base checks it against its AccessScenarioConfig
   * table (`custom`, `log`, `db`, `http`, `file`, `queue`, ... per deployment).
   * @default 'custom' (what bklog sends)
   */
  data_scenario: z.string().min(1).default('custom'),
  /** The scenario id; bklog sends 47 (its custom scenario). */
  data_scenario_id: z.number().int().optional(),
  permission: z.string().optional(),
  description: z.string().optional(),
  access_raw_data: accessRawDataSchema,
  /** The collector configuration of scenarios that have one (bk-base's `access_conf_info` DictField). */
  access_conf_info: z.record(z.string(), z.json()).optional(),
};

/** Params of `POST deploy_plan/` (deploy_plan_post). */
export const createDeployPlanInputSchema = bkdataInputObject(deployPlanShape, 'deploy_plan_post');
/** Params of {@link BkdataAccess.createDeployPlan}. */
export type BkdataCreateDeployPlanParams = z.input<typeof createDeployPlanInputSchema>;

/** Params of `PUT deploy_plan/{raw_data_id}/` (deploy_plan_put). */
export const updateDeployPlanInputSchema = bkdataInputObject({ ...deployPlanShape, raw_data_id: rawDataIdSchema }, 'deploy_plan_put');
/** Params of {@link BkdataAccess.updateDeployPlan}. */
export type BkdataUpdateDeployPlanParams = z.input<typeof updateDeployPlanInputSchema>;

/** What creating or updating a deploy plan answers (`Response({"raw_data_id": ...})` in deploy_plan_views.py): bklog reads `raw_data_id`. */
export const deployPlanOutputSchema = bkdataOutputObject({ raw_data_id: z.number() });
/** What {@link BkdataAccess.createDeployPlan} and {@link BkdataAccess.updateDeployPlan} return. */
export type BkdataDeployPlanResult = z.output<typeof deployPlanOutputSchema>;

// ---------------------------------------------------------------------------------------------
// Endpoints (spec §5.1)

const common = { module: 'bkdata', root: 'access', before: addBkdataUserInfo, headerKeys: BKDATA_HEADER_KEYS } as const;

/**
 * The user info, and the page size under the name bk-base reads. bklog's `bulk_request` (and so
 * the core's `bulk`/`paginate`) asks for pages with `pagesize`, which `ListByParamSerializer` does
 * not declare and drops; `get_raw_data_list` then fails on `(page - 1) * None`. It is sent as
 * `page_size` (a `page_size` given by the caller wins).
 */
export function addRawDataPageSize(params: WireParams, context: BeforeRequestContext): WireParams {
  const { pagesize, ...withInfo } = addBkdataUserInfo(params, context);
  if (pagesize === undefined || withInfo.page_size !== undefined) return withInfo;
  return { ...withInfo, page_size: pagesize };
}

/** The BKData access endpoints, for `client.call`. */
export const bkdataAccessEndpoints = {
  listRawData: defineEndpoint({
    ...common,
    name: 'list_raw_data',
    description: 'Lists raw data (access deployments), whole or one page at a time.',
    method: 'GET',
    path: 'rawdata/',
    input: listRawDataInputSchema,
    output: listRawDataOutputSchema,
    before: addRawDataPageSize,
    pagination: 'page_number',
  }),
  getDeploySummary: defineEndpoint({
    ...common,
    name: 'get_deploy_summary',
    description: 'The deployment summary of one raw data; an ApiResultError means it is not registered yet.',
    method: 'GET',
    path: 'deploy_plan/{raw_data_id}/',
    input: getDeploySummaryInputSchema,
    output: deploySummarySchema,
    cacheTtl: 60,
    tenant: { from: 'bk_biz_id' },
  }),
  stopCollectorhub: defineEndpoint({
    ...common,
    name: 'stop_collectorhub',
    description: 'Stops the collector hub of one raw data.',
    method: 'POST',
    path: 'collectorhub/{raw_data_id}/stop/',
    input: stopCollectorhubInputSchema,
    output: stopCollectorhubOutputSchema,
  }),
  createDeployPlan: defineEndpoint({
    ...common,
    name: 'deploy_plan_post',
    description: 'Registers a raw data (a deploy plan).',
    method: 'POST',
    path: 'deploy_plan/',
    input: createDeployPlanInputSchema,
    output: deployPlanOutputSchema,
    tenant: { from: 'bk_biz_id' },
  }),
  updateDeployPlan: defineEndpoint({
    ...common,
    name: 'deploy_plan_put',
    description: 'Updates the deploy plan of a raw data.',
    method: 'PUT',
    path: 'deploy_plan/{raw_data_id}/',
    input: updateDeployPlanInputSchema,
    output: deployPlanOutputSchema,
    tenant: { from: 'bk_biz_id' },
  }),
} as const;
