import type { BeforeRequestContext, WireParams } from '../endpoint/define-endpoint.js';

function filled(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * bklog's `add_esb_info_before_request` (backend variant): sets `bk_username` to the context's
 * user (else the client's `username`) and `operator` to `bk_username`, each only when missing.
 * Returns a new object.
 * @example defineEndpoint({ ..., before: addEsbInfo })
 */
export function addEsbInfo<Params extends WireParams>(params: Params, context: BeforeRequestContext): Params & { bk_username?: string; operator?: string } {
  const result: WireParams = { ...params };
  if (!filled(result.bk_username) && context.username !== undefined) result.bk_username = context.username;
  if (!filled(result.operator) && filled(result.bk_username)) result.operator = result.bk_username;
  return result as Params & { bk_username?: string; operator?: string };
}

/**
 * bklog's `add_app_info_before_request`: sets `bk_app_code` and the `X-Bk-App-Code` param, which
 * every endpoint moves into the `X-Bk-App-Code` header. Returns a new object.
 * @example before: (params, context) => addAppInfo(addEsbInfo(params, context), context)
 */
export function addAppInfo<Params extends WireParams>(
  params: Params,
  context: BeforeRequestContext,
): Params & { bk_app_code: string; 'X-Bk-App-Code': string } {
  return { ...params, bk_app_code: context.appCode, 'X-Bk-App-Code': context.appCode };
}
