import { addEsbInfo } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import { ValidationError } from '@x/errors';
import { withExtraFields } from './endpoints/unify-query-request.js';
import type { UnifyQuerySpaceUidResolver } from './unify-query-settings.js';

/** The header naming the space a query runs in. */
export const SPACE_UID_HEADER = 'X-Bk-Scope-Space-Uid';
/** The header asking unify-query not to scope a query to a space (`skip`). */
export const SKIP_SPACE_HEADER = 'X-Bk-Scope-Skip-Space';
/** The header naming who runs a query (`username:<user>` or `backend`). */
export const QUERY_SOURCE_HEADER = 'Bk-Query-Source';
/** The params moved into headers on every unify-query call. */
export const UNIFY_QUERY_HEADER_KEYS = [SKIP_SPACE_HEADER, SPACE_UID_HEADER, QUERY_SOURCE_HEADER] as const;

function filled(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function bizIdOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/**
 * The space uid of a business id: `bkcc__<id>` for a CMDB business (id ≥ 0), else what
 * `resolveSpaceUid` says. A negative id without a resolver (or one the resolver does not know)
 * is a ValidationError naming `bk_biz_id`.
 * @example await spaceUidOfBiz(2) // 'bkcc__2'
 */
export async function spaceUidOfBiz(bkBizId: number, resolveSpaceUid?: UnifyQuerySpaceUidResolver): Promise<string> {
  if (bkBizId >= 0) return `bkcc__${bkBizId}`;
  const resolved = resolveSpaceUid === undefined ? undefined : await resolveSpaceUid(bkBizId);
  if (resolved === undefined || resolved === '') {
    throw new ValidationError({
      direction: 'input',
      module: 'unify_query',
      issues: [
        {
          path: ['bk_biz_id'],
          message:
            resolveSpaceUid === undefined
              ? `is negative (${bkBizId}): a non-CMDB space needs the resolveSpaceUid setting, or pass space_uid`
              : `is negative (${bkBizId}) and resolveSpaceUid found no space for it; pass space_uid`,
          code: 'unknown_space',
        },
      ],
    });
  }
  return resolved;
}

/**
 * `Bk-Query-Source` as bklog sends it (bk-monitor `bklog/apps/api/modules/unify_query.py`,
 * `add_unify_query_header_before`): `username:<name>` when the Django request has a user
 * (`get_request().user.username`), else `backend`. Our request user is the call's `username`
 * option, else the one of `runWithContext` (`requestUsername`); the client's `username` setting is the backend account (bklog's admin) and
 * never makes a call a user's. unify-query counts its metrics by this header
 * (`metadata.SetUser(ctx, source, ...)` in `service/http/middleware/metadata.go`).
 */
export function querySourceOf(requestUsername: string | undefined): string {
  return requestUsername === undefined || requestUsername === '' ? 'backend' : `username:${requestUsername}`;
}

/**
 * bklog's `add_unify_query_header_before`, as a before-request hook: `bk_username`/`operator` in
 * the body; `X-Bk-Scope-Space-Uid` from `space_uid`, else from `bk_biz_id`
 * (`bkcc__<id>`), else `X-Bk-Scope-Skip-Space: skip`; `Bk-Query-Source` = `username:<user>` for the
 * request's user (call option or request context), else `backend` (see {@link querySourceOf}). The three are headers
 * (the endpoints list them in `headerKeys`); `bk_biz_id` and `space_uid` stay in the body. Header
 * values given in `extra` win. The fields of `extra` (body and items) are spread into the body.
 */
export function createScopeBefore(resolveSpaceUid?: UnifyQuerySpaceUidResolver): (params: WireParams, context: BeforeRequestContext) => Promise<WireParams> {
  return async (params, context) => {
    const result: WireParams = addEsbInfo(withExtraFields(params), context);
    if (!filled(result[SPACE_UID_HEADER]) && !filled(result[SKIP_SPACE_HEADER])) {
      const bkBizId = bizIdOf(result.bk_biz_id);
      if (typeof result.space_uid === 'string' && result.space_uid !== '') result[SPACE_UID_HEADER] = result.space_uid;
      else if (bkBizId !== undefined) result[SPACE_UID_HEADER] = await spaceUidOfBiz(bkBizId, resolveSpaceUid);
      else result[SKIP_SPACE_HEADER] = 'skip';
    }
    // `context.username` falls back to the client's `username` setting (the backend account), so
    // the request user is read from the request context itself: the hook runs inside it.
    if (!filled(result[QUERY_SOURCE_HEADER])) result[QUERY_SOURCE_HEADER] = querySourceOf(context.requestUsername);
    return result;
  };
}
