import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who a call is made for: the Node equivalent of bklog's thread-local Django request. Every field
 * is optional; a call takes what the context lacks from its options and the client settings.
 * @example
 * await runWithContext({ username: 'alice', tenantId: 'tencent', bkToken: request.cookies.bk_token }, () =>
 *   client.call(getMsgType, {}),
 * );
 */
export interface RequestContext {
  /** The user the call acts for (`bk_username` in the auth header). */
  readonly username?: string | undefined;
  /** The tenant (`X-Bk-Tenant-Id`) when neither the call nor the endpoint names one. */
  readonly tenantId?: string | undefined;
  /** The request id every call in this context sends (`X-Request-Id`, `X-DATA-REQUEST-ID`). */
  readonly requestId?: string | undefined;
  /** The language (`blueking-language`), e.g. `zh-hans` or `en`. */
  readonly language?: string | undefined;
  /** The user's login token (`bk_token` in the auth header). Treated as a secret. */
  readonly bkToken?: string | undefined;
  /** An OAuth access token (`access_token` in the auth header). Treated as a secret. */
  readonly accessToken?: string | undefined;
  /** A login ticket (`bk_ticket` in the auth header). Treated as a secret. */
  readonly bkTicket?: string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with `context` as the request context of every call it makes, including the
 * concurrent requests of `bulk`, `paginate` and `batch`. Nested contexts inherit the outer
 * one's fields and override the ones they set.
 * @example
 * const records = await runWithContext({ username: 'alice' }, () => client.bulk(listHosts, { bk_biz_id: 2 }));
 */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  const outer = storage.getStore();
  const merged: RequestContext = outer === undefined ? { ...context } : { ...outer, ...withoutUndefined(context) };
  return storage.run(merged, fn);
}

/** The request context of the running code, or `undefined` outside {@link runWithContext}. */
export function getContext(): RequestContext | undefined {
  return storage.getStore();
}

function withoutUndefined(context: RequestContext): RequestContext {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
}
