import { Hono } from 'hono';
import type { Context } from 'hono';
import { mayOmit } from '../sandbox-answers.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { RawDataRecord } from '../state/bkdata-store.js';
import { integerParam, isRecord, pathParam, readParams, stringParam } from '../request-params.js';
import { BKDATA_CODES, bkdataFailure, bkdataSuccess } from './bkdata-codes.js';

// BKData access as Tencent/bk-base answers it (commit 5abd38af798b33cdedfdbf30ccbcd1bb61d6c35a):
// - src/api/datahub/access/raw_data_views.py `RawDataViewSet.list` with `ListByParamSerializer`
//   (src/api/datahub/access/serializers.py) and `get_raw_data_list` (raw_data/rawdata.py);
// - src/api/datahub/access/deploy_plan_views.py `create`/`retrieve`/`update` with `BaseSerializer`;
// - `CollectorHubPlanViewSet.stop` (the access collector hub views), which answers `Response(True)`;
// - the row shape asserted by src/api/datahub/access/tests/modules/access/get_rawdata_test.py.

const RAW_DATA_NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
/** `ListByParamSerializer.validate`: "page_size必须小于100" is raised for `page_size > 100`. */
const MAX_PAGE_SIZE = 100;

interface DeployPlan {
  readonly bkBizId: number;
  readonly dataScenario: string;
  readonly accessRawData: Record<string, unknown>;
  readonly rawDataName: string;
}

/** A DRF field error as bk-base's `params_valid` reports it: `{field: ["message"]}` in `errors`. */
interface ParamProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * `BaseSerializer` (deploy plans): `bk_biz_id`, `bk_app_code`, `bk_username`, `data_scenario` and
 * `access_raw_data` with `raw_data_name`, `raw_data_alias`, `sensitivity`, `data_encoding` and
 * `maintainer` are required.
 */
function readDeployPlan(params: Record<string, unknown>): DeployPlan | ParamProblem {
  const bkBizId = integerParam(params, 'bk_biz_id');
  if (bkBizId === undefined) return { field: 'bk_biz_id', message: 'bk_biz_id is required and must be an integer' };
  for (const field of ['bk_app_code', 'bk_username', 'data_scenario']) {
    if (stringParam(params, field) === undefined) return { field, message: `${field} is required` };
  }
  const accessRawData = params.access_raw_data;
  if (!isRecord(accessRawData)) return { field: 'access_raw_data', message: 'access_raw_data is required' };
  const rawDataName = stringParam(accessRawData, 'raw_data_name');
  if (rawDataName === undefined || !RAW_DATA_NAME.test(rawDataName))
    return {
      field: 'access_raw_data.raw_data_name',
      message: 'access_raw_data.raw_data_name must start with a letter and hold at most 50 letters, digits or underscores',
    };
  for (const field of ['raw_data_alias', 'sensitivity', 'data_encoding', 'maintainer']) {
    if (stringParam(accessRawData, field) === undefined) return { field: `access_raw_data.${field}`, message: `access_raw_data.${field} is required` };
  }
  return { bkBizId, dataScenario: stringParam(params, 'data_scenario') ?? 'custom', accessRawData, rawDataName };
}

const isProblem = (value: DeployPlan | ParamProblem): value is ParamProblem => 'field' in value;

function topicOf(rawData: RawDataRecord): string {
  return rawData.topic_name === '' ? `${rawData.raw_data_name}${rawData.bk_biz_id}` : rawData.topic_name;
}

/**
 * One raw data as `rawdata/` lists it: the AccessRawData columns (`.values()`, keyed by `id`), the
 * computed `topic`, and `bk_biz_name` added by `Business.wrap_biz_name` (only with `show_biz_name`,
 * on by default). `topic_name` is a column of newer versions.
 */
function rawDataRow(c: Context<SandboxEnv>, rawData: RawDataRecord): Record<string, unknown> {
  return {
    id: rawData.raw_data_id,
    bk_biz_id: rawData.bk_biz_id,
    raw_data_name: rawData.raw_data_name,
    raw_data_alias: rawData.raw_data_alias,
    sensitivity: rawData.sensitivity,
    data_source: rawData.data_source,
    data_encoding: rawData.data_encoding,
    data_category: '',
    data_scenario: rawData.data_scenario,
    bk_app_code: rawData.bk_app_code,
    storage_channel_id: 0,
    storage_partitions: 1,
    created_by: rawData.created_by,
    created_at: rawData.created_at,
    updated_by: rawData.updated_by,
    updated_at: rawData.updated_at,
    description: rawData.description,
    maintainer: rawData.maintainer,
    active: 1,
    permission: rawData.permission,
    topic_name: mayOmit(c, rawData.topic_name === '' ? null : rawData.topic_name),
    topic: topicOf(rawData),
    bk_biz_name: mayOmit(c, ''),
  };
}

/**
 * `deploy_plan/{raw_data_id}/` (retrieve): the collector's `get()` — the plan's business, scenario
 * and app, `access_raw_data` as `model_to_dict(AccessRawData)` (keyed by `id`) and, for scenarios
 * with a collector configuration, `access_conf_info`. There is no status or summary in it.
 */
function deployPlanOf(c: Context<SandboxEnv>, rawData: RawDataRecord): Record<string, unknown> {
  return {
    bk_biz_id: rawData.bk_biz_id,
    description: rawData.description,
    data_scenario: rawData.data_scenario,
    bk_app_code: rawData.bk_app_code,
    access_raw_data: {
      id: rawData.raw_data_id,
      bk_biz_id: rawData.bk_biz_id,
      raw_data_name: rawData.raw_data_name,
      raw_data_alias: rawData.raw_data_alias,
      data_source: rawData.data_source,
      maintainer: rawData.maintainer,
      data_encoding: rawData.data_encoding,
      sensitivity: rawData.sensitivity,
      data_scenario: rawData.data_scenario,
      data_category: '',
      bk_app_code: rawData.bk_app_code,
      storage_channel_id: 0,
      storage_partitions: 1,
      description: rawData.description,
      created_by: rawData.created_by,
      created_at: rawData.created_at,
      updated_by: rawData.updated_by,
      updated_at: rawData.updated_at,
    },
    access_conf_info: mayOmit(c, { collection_model: { collection_type: 'incr', period: -1 }, resource: { scope: [] } }),
  };
}

/** BKData access (spec §5.1): raw data listing, deploy plans and collector hub stop. */
export function createBkdataAccessRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const store = context.state.bkdata;
  const route = (name: string, body: (c: Context<SandboxEnv>) => Response): ReturnType<typeof blueKingRoute> =>
    blueKingRoute(context.services, `bkdata.access.${name}`, body);
  const findRawData = (c: Context<SandboxEnv>): RawDataRecord | undefined => store.rawData.get(Number(pathParam(c, 'raw_data_id')));
  const notFound = (c: Context<SandboxEnv>): Response => bkdataFailure(c, BKDATA_CODES.notFound, `raw data ${pathParam(c, 'raw_data_id')} does not exist`);
  const invalid = (c: Context<SandboxEnv>, problem: ParamProblem): Response =>
    bkdataFailure(c, BKDATA_CODES.invalidParameter, `参数校验不通过: ${problem.message}`, { [problem.field]: [problem.message] });

  app.get(
    '/rawdata/',
    route('list_raw_data', (c) => {
      const params = readParams(c);
      const bkBizId = integerParam(params, 'bk_biz_id');
      if (params.bk_biz_id !== undefined && bkBizId === undefined) return invalid(c, { field: 'bk_biz_id', message: 'bk_biz_id must be an integer' });
      // bk-base reads `page` and `page_size` (ListByParamSerializer); bklog's `pagesize` is not a
      // field of it and is dropped like any unknown parameter.
      const page = integerParam(params, 'page');
      const pageSize = integerParam(params, 'page_size');
      if (pageSize !== undefined && pageSize > MAX_PAGE_SIZE) return invalid(c, { field: 'page_size', message: `page_size必须小于100,(${pageSize})` });
      if (page !== undefined && page < 1) return invalid(c, { field: 'page', message: 'page必须大于0' });
      // get_raw_data_list orders by -created_at (the seeded ones share one time: id order).
      const items = [...store.rawData.values()]
        .filter((rawData) => bkBizId === undefined || rawData.bk_biz_id === bkBizId)
        .sort((left, right) => right.created_at.localeCompare(left.created_at));
      if (page === undefined)
        return bkdataSuccess(
          c,
          items.map((rawData) => rawDataRow(c, rawData)),
        );
      // `(page - 1) * page_size` with no page_size is a TypeError in get_raw_data_list.
      if (pageSize === undefined) return bkdataFailure(c, BKDATA_CODES.serverError, "unsupported operand type(s) for *: 'int' and 'NoneType'");
      const start = (page - 1) * pageSize;
      return bkdataSuccess(c, { results: items.slice(start, start + pageSize).map((rawData) => rawDataRow(c, rawData)), count: items.length });
    }),
  );

  app.post(
    '/deploy_plan/',
    route('deploy_plan_post', (c) => {
      const params = readParams(c);
      const plan = readDeployPlan(params);
      if (isProblem(plan)) return invalid(c, plan);
      const duplicate = [...store.rawData.values()].some((rawData) => rawData.bk_biz_id === plan.bkBizId && rawData.raw_data_name === plan.rawDataName);
      if (duplicate) return bkdataFailure(c, BKDATA_CODES.duplicate, `raw data name ${plan.rawDataName} already exists in business ${plan.bkBizId}`);
      const preassigned = integerParam(plan.accessRawData, 'preassigned_data_id');
      if (preassigned !== undefined && store.rawData.has(preassigned)) return bkdataFailure(c, BKDATA_CODES.duplicate, `raw data id ${preassigned} is taken`);
      const rawDataId = preassigned ?? store.nextRawDataId;
      store.nextRawDataId = Math.max(store.nextRawDataId, rawDataId + 1);
      const now = store.stamp();
      const operator = stringParam(params, 'bk_username') ?? 'admin';
      store.rawData.set(rawDataId, {
        raw_data_id: rawDataId,
        bk_biz_id: plan.bkBizId,
        bk_app_code: stringParam(params, 'bk_app_code') ?? '',
        data_source: stringParam(plan.accessRawData, 'data_source') ?? '',
        permission: stringParam(params, 'permission') ?? 'all',
        raw_data_name: plan.rawDataName,
        raw_data_alias: stringParam(plan.accessRawData, 'raw_data_alias') ?? plan.rawDataName,
        data_scenario: plan.dataScenario,
        data_scenario_id: integerParam(params, 'data_scenario_id') ?? null,
        data_encoding: stringParam(plan.accessRawData, 'data_encoding') ?? 'UTF-8',
        sensitivity: stringParam(plan.accessRawData, 'sensitivity') ?? 'private',
        maintainer: stringParam(plan.accessRawData, 'maintainer') ?? operator,
        description: stringParam(plan.accessRawData, 'description') ?? '',
        access_raw_data: plan.accessRawData,
        status: 'running',
        topic_name: `${plan.rawDataName}${plan.bkBizId}`,
        created_by: operator,
        created_at: now,
        updated_by: operator,
        updated_at: now,
      });
      return bkdataSuccess(c, { raw_data_id: rawDataId });
    }),
  );

  app.get(
    '/deploy_plan/:raw_data_id/',
    route('get_deploy_summary', (c) => {
      const rawData = findRawData(c);
      return rawData === undefined ? notFound(c) : bkdataSuccess(c, deployPlanOf(c, rawData));
    }),
  );

  app.put(
    '/deploy_plan/:raw_data_id/',
    route('deploy_plan_put', (c) => {
      const rawData = findRawData(c);
      if (rawData === undefined) return notFound(c);
      const params = readParams(c);
      const plan = readDeployPlan(params);
      if (isProblem(plan)) return invalid(c, plan);
      if (plan.bkBizId !== rawData.bk_biz_id)
        return invalid(c, { field: 'bk_biz_id', message: `raw data ${rawData.raw_data_id} belongs to business ${rawData.bk_biz_id}` });
      Object.assign(rawData, {
        raw_data_name: plan.rawDataName,
        raw_data_alias: stringParam(plan.accessRawData, 'raw_data_alias') ?? rawData.raw_data_alias,
        maintainer: stringParam(plan.accessRawData, 'maintainer') ?? rawData.maintainer,
        description: stringParam(plan.accessRawData, 'description') ?? rawData.description,
        data_encoding: stringParam(plan.accessRawData, 'data_encoding') ?? rawData.data_encoding,
        sensitivity: stringParam(plan.accessRawData, 'sensitivity') ?? rawData.sensitivity,
        access_raw_data: plan.accessRawData,
        updated_by: stringParam(params, 'bk_username') ?? rawData.updated_by,
        updated_at: store.stamp(),
      } satisfies Partial<RawDataRecord>);
      return bkdataSuccess(c, { raw_data_id: rawData.raw_data_id });
    }),
  );

  app.post(
    '/collectorhub/:raw_data_id/stop/',
    route('stop_collectorhub', (c) => {
      const rawData = findRawData(c);
      if (rawData === undefined) return notFound(c);
      rawData.status = 'stopped';
      rawData.updated_at = store.stamp();
      // CollectorHubPlanViewSet.stop returns Response(True) (its apidoc says "stop success").
      return bkdataSuccess(c, true);
    }),
  );
  return app;
}
