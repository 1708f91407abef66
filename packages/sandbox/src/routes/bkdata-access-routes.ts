import { Hono } from 'hono';
import type { Context } from 'hono';
import { failure, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { paginate } from '../sandbox-pagination.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { RawDataRecord } from '../state/bkdata-store.js';
import { integerParam, isRecord, pathParam, readParams, stringParam } from '../request-params.js';
import { BKDATA_CODES } from './bkdata-codes.js';

const RAW_DATA_NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;

interface DeployPlan {
  readonly bkBizId: number;
  readonly dataScenario: string;
  readonly accessRawData: Record<string, unknown>;
  readonly rawDataName: string;
}

/** Validates a deploy plan body the way BKData access does; returns the plan or the complaint. */
function readDeployPlan(params: Record<string, unknown>): DeployPlan | string {
  const bkBizId = integerParam(params, 'bk_biz_id');
  if (bkBizId === undefined) return 'bk_biz_id is required and must be an integer';
  const dataScenario = stringParam(params, 'data_scenario');
  if (dataScenario === undefined) return 'data_scenario is required';
  const accessRawData = params.access_raw_data;
  if (!isRecord(accessRawData)) return 'access_raw_data is required';
  const rawDataName = stringParam(accessRawData, 'raw_data_name');
  if (rawDataName === undefined || !RAW_DATA_NAME.test(rawDataName)) return 'access_raw_data.raw_data_name must start with a letter and hold at most 50 letters, digits or underscores';
  if (stringParam(accessRawData, 'maintainer') === undefined) return 'access_raw_data.maintainer is required';
  return { bkBizId, dataScenario, accessRawData, rawDataName };
}

function summaryOf(rawData: RawDataRecord): Record<string, unknown> {
  const running = rawData.status === 'running';
  return {
    raw_data_id: rawData.raw_data_id,
    bk_biz_id: rawData.bk_biz_id,
    data_scenario: rawData.data_scenario,
    access_raw_data: rawData.access_raw_data,
    status: rawData.status,
    deploy_plans: [{ config: [{ raw_data_name: rawData.raw_data_name }], host_list: [], status: rawData.status }],
    summary: { total: 1, success: running ? 1 : 0, failure: 0, pending: 0, stopped: running ? 0 : 1 },
    updated_at: rawData.updated_at,
  };
}

/** BKData access (spec §5.1): raw data listing, deploy plans and collector hub stop. */
export function createBkdataAccessRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const store = context.state.bkdata;
  const route = (name: string, body: (c: Context<SandboxEnv>) => Response): ReturnType<typeof blueKingRoute> => blueKingRoute(context.services, `bkdata.access.${name}`, body);
  const findRawData = (c: Context<SandboxEnv>): RawDataRecord | undefined => store.rawData.get(Number(pathParam(c, 'raw_data_id')));
  const notFound = (c: Context<SandboxEnv>): Response => failure(c, BKDATA_CODES.notFound, `raw data ${pathParam(c, 'raw_data_id')} does not exist`);

  app.get(
    '/rawdata/',
    route('list_raw_data', (c) => {
      const params = readParams(c);
      const bkBizId = integerParam(params, 'bk_biz_id');
      const items = [...store.rawData.values()].filter((rawData) => bkBizId === undefined || rawData.bk_biz_id === bkBizId);
      return success(c, paginate(items, params));
    }),
  );

  app.post(
    '/deploy_plan/',
    route('deploy_plan_post', (c) => {
      const plan = readDeployPlan(readParams(c));
      if (typeof plan === 'string') return failure(c, BKDATA_CODES.invalidParameter, plan);
      const duplicate = [...store.rawData.values()].some((rawData) => rawData.bk_biz_id === plan.bkBizId && rawData.raw_data_name === plan.rawDataName);
      if (duplicate) return failure(c, BKDATA_CODES.duplicate, `raw data name ${plan.rawDataName} already exists in business ${plan.bkBizId}`);
      const preassigned = integerParam(plan.accessRawData, 'preassigned_data_id');
      if (preassigned !== undefined && store.rawData.has(preassigned)) return failure(c, BKDATA_CODES.duplicate, `raw data id ${preassigned} is taken`);
      const rawDataId = preassigned ?? store.nextRawDataId;
      store.nextRawDataId = Math.max(store.nextRawDataId, rawDataId + 1);
      const now = store.stamp();
      const operator = stringParam(readParams(c), 'bk_username') ?? 'admin';
      store.rawData.set(rawDataId, {
        raw_data_id: rawDataId,
        bk_biz_id: plan.bkBizId,
        raw_data_name: plan.rawDataName,
        raw_data_alias: stringParam(plan.accessRawData, 'raw_data_alias') ?? plan.rawDataName,
        data_scenario: plan.dataScenario,
        data_scenario_id: integerParam(readParams(c), 'data_scenario_id') ?? null,
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
      return success(c, { raw_data_id: rawDataId });
    }),
  );

  app.get(
    '/deploy_plan/:raw_data_id/',
    route('get_deploy_summary', (c) => {
      const rawData = findRawData(c);
      return rawData === undefined ? notFound(c) : success(c, summaryOf(rawData));
    }),
  );

  app.put(
    '/deploy_plan/:raw_data_id/',
    route('deploy_plan_put', (c) => {
      const rawData = findRawData(c);
      if (rawData === undefined) return notFound(c);
      const params = readParams(c);
      const plan = readDeployPlan(params);
      if (typeof plan === 'string') return failure(c, BKDATA_CODES.invalidParameter, plan);
      if (plan.bkBizId !== rawData.bk_biz_id) return failure(c, BKDATA_CODES.invalidParameter, `raw data ${rawData.raw_data_id} belongs to business ${rawData.bk_biz_id}`);
      Object.assign(rawData, {
        raw_data_name: plan.rawDataName,
        raw_data_alias: stringParam(plan.accessRawData, 'raw_data_alias') ?? rawData.raw_data_alias,
        maintainer: stringParam(plan.accessRawData, 'maintainer') ?? rawData.maintainer,
        description: stringParam(plan.accessRawData, 'description') ?? rawData.description,
        data_encoding: stringParam(plan.accessRawData, 'data_encoding') ?? rawData.data_encoding,
        access_raw_data: plan.accessRawData,
        updated_by: stringParam(params, 'bk_username') ?? rawData.updated_by,
        updated_at: store.stamp(),
      } satisfies Partial<RawDataRecord>);
      return success(c, { raw_data_id: rawData.raw_data_id });
    }),
  );

  app.post(
    '/collectorhub/:raw_data_id/stop/',
    route('stop_collectorhub', (c) => {
      const rawData = findRawData(c);
      if (rawData === undefined) return notFound(c);
      rawData.status = 'stopped';
      rawData.updated_at = store.stamp();
      return success(c, { raw_data_id: rawData.raw_data_id, status: rawData.status });
    }),
  );
  return app;
}
