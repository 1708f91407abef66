import type { Context } from 'hono';
import { jsonResponse } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { mayOmit } from '../sandbox-answers.js';

/**
 * The codes BKData (Tencent/bk-base) answers with, always as strings.
 *
 * The Django APIs (access, databus) answer a success with `"1500200"` and fail with their module's
 * `15xxxxx` codes: `1500001` for a parameter that does not validate
 * (src/api/datahub/access/tests/modules/access/get_rawdata_test.py, `test_bad_biz_id`), `1500004`
 * for an object that does not exist and `1500005` for one that already does (the `@apiError` list
 * of src/api/datahub/databus/clean_views.py), `1500500` for a server error
 * (src/api/datahub/access/raw_data_views.py), `1570001` for a clean rule that cannot run
 * (clean_views.py `verify`).
 */
export const BKDATA_CODES = {
  success: '1500200',
  invalidParameter: '1500001',
  notFound: '1500004',
  duplicate: '1500005',
  serverError: '1500500',
  cleanDebugFailed: '1570001',
} as const;

/**
 * The query engine (Java, src/datalab/queryengine, `enums/ResultCodeEnum.java`) has codes of its
 * own: `SUCCESS("00")`, `SQL_ERROR_TABLE_NOT_FOUND("1532001")`, `QUERY_PERMISSION_INVALID("1532004")`,
 * `QUERY_SQL_SYNTAX_ERROR("1532006")`, `QUERY_FILED_NOT_EXSITS("1532009")`, `QUERY_DEVICE_ERROR("1532010")`,
 * `QUERY_OTHER_ERROR("1532012")`, `QUERY_FUNC_NOT_EXISTS("1532014")`, `PARAM_IS_INVALID("1532100")`, `PARAM_IS_BLANK("1532101")`.
 */
export const BKDATA_QUERY_CODES = {
  success: '00',
  tableNotFound: '1532001',
  permissionInvalid: '1532004',
  sqlSyntaxError: '1532006',
  fieldNotExists: '1532009',
  deviceError: '1532010',
  otherError: '1532012',
  funcNotExists: '1532014',
  paramInvalid: '1532100',
  paramBlank: '1532101',
} as const;

/**
 * A success of the Django APIs: `{errors: null, message: "ok", code: "1500200", data, result: true}`,
 * as the apidoc examples of src/api/datahub/access/raw_data_views.py show and
 * get_rawdata_test.py's `compare_json` asserts key for key. No `request_id` in the body.
 */
export function bkdataSuccess(c: Context<SandboxEnv>, data: unknown): Response {
  return jsonResponse(c, { result: true, code: BKDATA_CODES.success, message: 'ok', data, errors: null });
}

/**
 * A success of `query_sync`: the query engine's `{result: true, message: "成功", code: "00", data, errors: null}`
 * (the recorded answer in TencentBlueKing/bkmonitor-datalink pkg/unify-query/mock/handler.go);
 * `trace_id`/`span_id` come only from versions with tracing.
 */
export function bkdataQuerySuccess(c: Context<SandboxEnv>, data: unknown): Response {
  return jsonResponse(c, {
    result: true,
    message: '成功',
    code: BKDATA_QUERY_CODES.success,
    data,
    errors: null,
    trace_id: mayOmit(c, '00000000000000000000000000000000'),
    span_id: mayOmit(c, '0000000000000000'),
  });
}

/**
 * A BKData failure: HTTP 200, `result: false`, the code as a string, `data: null` and `errors`
 * (a field map for a parameter error, `{error}` for the query engine, else null).
 */
export function bkdataFailure(c: Context<SandboxEnv>, code: string, message: string, errors: unknown = null): Response {
  return jsonResponse(c, { result: false, code, message, data: null, errors });
}
