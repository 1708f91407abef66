import { ValidationError } from '@x/errors';
import type * as z from 'zod';
import type { Envelope } from '../response/envelope.js';
import type { RetryPolicy } from '../retry/retry-policy.js';

/** The HTTP methods an endpoint may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How `bulk` and `paginate` ask for pages, as bklog's `bulk_request`: `limit_offset` sends
 * `page: {start, limit}`, `page_number` sends `page` and `pagesize`.
 */
export type PaginationStyle = 'limit_offset' | 'page_number';

/**
 * `standard`: a BlueKing envelope `{result, code, message, data}`; the call returns `data`.
 * `none`: the whole JSON body is the data (unify-query); bklog's `after_request` wraps it.
 */
export type EnvelopeKind = 'standard' | 'none';

/** Params as they are sent: the output of `before`, or the validated input. */
export type WireParams = Record<string, unknown>;

/**
 * What `before` (and a tenant function) know about the call. The app secret is never here.
 */
export interface BeforeRequestContext {
  /** The call's user (call option, else context), else the client's `username`. */
  readonly username: string | undefined;
  /**
   * The user of the request — the call's `username` option, else the request context's — and
   * `undefined` for a backend call that only has the client's `username` (bklog's admin account).
   * bklog tells the two apart, e.g. unify-query's `Bk-Query-Source` is `username:<name>` for a
   * request user and `backend` otherwise.
   */
  readonly requestUsername?: string | undefined;
  /**
   * In `before`: the tenant this call is sent for (`X-Bk-Tenant-Id`). In a tenant function: the
   * context's tenant, else the client's `tenantId` (the fallback the function may return).
   */
  readonly tenantId: string;
  /** The request id of this call. */
  readonly requestId: string;
  /** The context's language, else the client's. */
  readonly language: string | undefined;
  /** The app code of the client. */
  readonly appCode: string;
  /** The context user's login token. */
  readonly bkToken?: string | undefined;
  /** The context's OAuth access token. */
  readonly accessToken?: string | undefined;
  /** The context's login ticket. */
  readonly bkTicket?: string | undefined;
}

/** A params field a tenant can be derived from through `settings.resolveTenant`. */
export type TenantField = 'bk_biz_id' | 'space_uid' | 'result_table_id';

/**
 * A tenant derived from a params field (bklog's `biz_to_tenant_getter` and friends) through
 * `settings.resolveTenant`. Without a resolver the context/client tenant is used.
 * @example tenant: { from: 'bk_biz_id', required: true } // send_weixin: bk_biz_id must be given
 */
export interface DerivedTenant {
  /** Which kind of value the field holds. */
  readonly from: TenantField;
  /**
   * The params field to read.
   * @default the value of `from`
   */
  readonly key?: string | undefined;
  /**
   * Whether a missing field is an error (a ValidationError naming the field, before anything
   * is sent) rather than a fallback to the context/client tenant.
   * @default false
   */
  readonly required?: boolean | undefined;
}

/** Where an endpoint's tenant comes from: a fixed id, a function of the params, or a derived field. */
export type TenantSource<Params> = string | ((params: Params, context: BeforeRequestContext) => string | undefined) | DerivedTenant;

type SchemaInput<Schema> = Schema extends z.ZodType ? z.input<Schema> : WireParams;
type SchemaParams<Schema> = Schema extends z.ZodType ? z.output<Schema> : WireParams;
type SchemaResult<Schema> = Schema extends z.ZodType ? z.output<Schema> : unknown;

/**
 * The definition of one endpoint, given to {@link defineEndpoint}.
 * @example
 * const sendMail = defineEndpoint({
 *   module: 'cmsi',
 *   name: 'send_mail',
 *   method: 'POST',
 *   path: 'send_mail/',
 *   input: z.object({ receiver__username: z.string(), title: z.string(), content: z.string() }),
 *   output: z.unknown(),
 *   before: addEsbInfo,
 * });
 */
export interface EndpointDefinition<InputSchema extends z.ZodType | undefined, OutputSchema extends z.ZodType | undefined> {
  /** The module (bklog's `module`), e.g. `cmsi`; used in logs, spans and errors. */
  readonly module: string;
  /** The endpoint's name, e.g. `send_mail`. */
  readonly name: string;
  /** What the endpoint does, for people. */
  readonly description?: string | undefined;
  /** The HTTP method. */
  readonly method: HttpMethod;
  /**
   * The path relative to the root URL, with `{placeholders}` filled from params (the url keys),
   * percent-encoded. An absolute `http(s)://` URL is used as it is.
   * @example 'v3/databus/data_storages/{result_table_id}/'
   */
  readonly path: string;
  /**
   * A named root from `settings.roots` instead of `settings.baseUrl`.
   * @example root: 'databusV4'
   */
  readonly root?: string | undefined;
  /** Validates (and may transform) params before anything is sent. */
  readonly input?: InputSchema;
  /** Validates the data of a successful response. */
  readonly output?: OutputSchema;
  /**
   * Turns validated params into what is sent (bklog's `before_request`). Receives the call's own
   * copy of the params (never the caller's object); what it returns is copied again.
   * @example before: (params, context) => addAppInfo(addEsbInfo(params, context), context)
   */
  readonly before?: ((params: SchemaParams<InputSchema>, context: BeforeRequestContext) => WireParams | Promise<WireParams>) | undefined;
  /** Transforms a successful envelope before `output` checks its data (bklog's `after_request`). */
  readonly after?: ((envelope: Envelope) => Envelope | Promise<Envelope>) | undefined;
  /**
   * Seconds a successful result is cached. Only for idempotent endpoints: defining a cached
   * mutation throws (bklog caches two mutations; this SDK does not).
   */
  readonly cacheTtl?: number | undefined;
  /**
   * Whether repeating the request is harmless, so it may be retried and cached.
   * @default true for GET, false otherwise
   */
  readonly idempotent?: boolean | undefined;
  /** The tenant of this endpoint's requests, unless the call names one. */
  readonly tenant?: TenantSource<SchemaParams<InputSchema>> | undefined;
  /**
   * Params moved into request headers (and removed from the body/query). `X-Bk-App-Code` and
   * `X-Bk-App-Secret` are always header keys, after these (as in bklog).
   * @example headerKeys: ['X-Bkdata-Token']
   */
  readonly headerKeys?: readonly string[] | undefined;
  /**
   * Returned instead of calling the server (bklog's debug stub): input is still validated and
   * `before` still runs, but nothing is sent. Leave unset in production definitions.
   */
  readonly defaultReturnValue?: SchemaResult<OutputSchema> | undefined;
  /** Sent as the `X-METHOD-OVERRIDE` header. */
  readonly methodOverride?: string | undefined;
  /**
   * How `bulk`/`paginate` ask for pages.
   * @default 'limit_offset'
   */
  readonly pagination?: PaginationStyle | undefined;
  /** Milliseconds per attempt for this endpoint, unless the call says otherwise. */
  readonly timeout?: number | undefined;
  /**
   * Kept for definitions ported from bklog, where it suppressed the `bklog_request_id` query
   * parameter. This SDK never adds query parameters of its own, so every endpoint already
   * behaves as bklog's `no_query_params=True`.
   * @default false
   */
  readonly noQueryParams?: boolean | undefined;
  /**
   * The response format.
   * @default 'standard'
   */
  readonly envelope?: EnvelopeKind | undefined;
  /**
   * Whether url-key values also stay in the body/query, as bklog sends them.
   * @default true
   */
  readonly keepUrlKeysInParams?: boolean | undefined;
  /**
   * Whether requests carry the app's BlueKing credentials (`X-Bkapi-Authorization`). `false` is
   * for URLs outside BlueKing that authenticate by other means, such as a WeCom group-robot
   * webhook whose `key` is in the URL: no app code or secret is needed, and none leaves the process.
   * @default true
   */
  readonly authenticate?: boolean | undefined;
  /** This endpoint's retry policy, merged over the client's (a call's merges over this). */
  readonly retry?: RetryPolicy | false | undefined;
}

/** The type-only part of an endpoint: its params and result types. Never set at run time. */
export interface EndpointTypes<Input, Output> {
  readonly input: Input;
  readonly output: Output;
}

/**
 * A defined endpoint: a plain, frozen value. `Input` is what `call` accepts (`z.input` of the
 * input schema), `Output` what it returns (`z.output` of the output schema).
 */
export interface Endpoint<Input = unknown, Output = unknown> {
  /** Type carrier for inference; always `undefined` at run time. */
  readonly '~types'?: EndpointTypes<Input, Output> | undefined;
  readonly kind: 'bk-endpoint';
  readonly module: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly method: HttpMethod;
  readonly path: string;
  readonly root: string | undefined;
  /** The `{placeholders}` of `path`, in order. */
  readonly urlKeys: readonly string[];
  readonly input: z.ZodType | undefined;
  readonly output: z.ZodType | undefined;
  readonly before: ((params: WireParams, context: BeforeRequestContext) => WireParams | Promise<WireParams>) | undefined;
  readonly after: ((envelope: Envelope) => Envelope | Promise<Envelope>) | undefined;
  readonly cacheTtl: number | undefined;
  readonly idempotent: boolean;
  readonly tenant: TenantSource<WireParams> | undefined;
  readonly headerKeys: readonly string[];
  readonly defaultReturnValue: unknown;
  readonly methodOverride: string | undefined;
  readonly pagination: PaginationStyle;
  readonly timeout: number | undefined;
  readonly noQueryParams: boolean;
  readonly envelope: EnvelopeKind;
  readonly keepUrlKeysInParams: boolean;
  readonly authenticate: boolean;
  readonly retry: RetryPolicy | false | undefined;
}

/** Any endpoint, whatever its types. */
export type AnyEndpoint = Endpoint;
/** The params type `call` accepts for an endpoint. */
export type EndpointInput<E> = E extends Endpoint<infer Input> ? Input : never;
/** The data type `call` returns for an endpoint. */
export type EndpointOutput<E> = E extends Endpoint<unknown, infer Output> ? Output : never;

/** Params always moved to headers, after the endpoint's own (bklog's default `header_keys`). */
export const DEFAULT_HEADER_KEYS: readonly string[] = Object.freeze(['X-Bk-App-Code', 'X-Bk-App-Secret']);

const methods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const placeholderPattern = /\{([^{}]+)\}/g;

function definitionError(definition: { module?: unknown; name?: unknown }, field: string, message: string): ValidationError {
  return new ValidationError({
    message: `Invalid endpoint definition ${String(definition.module)}.${String(definition.name)}: ${field} ${message}`,
    issues: [{ path: [field], message, code: 'invalid_definition' }],
  });
}

/**
 * Defines a typed endpoint. Checks the definition at once (so a mistake fails at import, not at
 * the first call): the method, the path's placeholders, and that only idempotent endpoints are
 * cached.
 * @example
 * const getMsgType = defineEndpoint({
 *   module: 'cmsi',
 *   name: 'get_msg_type',
 *   method: 'GET',
 *   path: 'get_msg_type/',
 *   output: z.array(z.object({ type: z.string(), label: z.string() }).loose()),
 *   cacheTtl: 300,
 * });
 * const types = await client.call(getMsgType, {}); // { type: string; label: string }[]
 */
export function defineEndpoint<InputSchema extends z.ZodType | undefined = undefined, OutputSchema extends z.ZodType | undefined = undefined>(
  definition: EndpointDefinition<InputSchema, OutputSchema>,
): Endpoint<SchemaInput<InputSchema>, SchemaResult<OutputSchema>> {
  if (typeof definition.module !== 'string' || definition.module === '') throw definitionError(definition, 'module', 'must be a non-empty string');
  if (typeof definition.name !== 'string' || definition.name === '') throw definitionError(definition, 'name', 'must be a non-empty string');
  if (!methods.includes(definition.method)) throw definitionError(definition, 'method', `must be one of ${methods.join(', ')}`);
  if (typeof definition.path !== 'string') throw definitionError(definition, 'path', 'must be a string');
  const urlKeys = [...definition.path.matchAll(placeholderPattern)].map((match) => match[1] ?? '');
  for (const key of urlKeys) {
    if (!/^[A-Za-z_][\w]*$/.test(key)) throw definitionError(definition, 'path', `has an invalid placeholder {${key}}`);
  }
  const idempotent = definition.idempotent ?? definition.method === 'GET';
  if (definition.cacheTtl !== undefined) {
    if (!Number.isFinite(definition.cacheTtl) || definition.cacheTtl <= 0)
      throw definitionError(definition, 'cacheTtl', 'must be a positive number of seconds');
    if (!idempotent) throw definitionError(definition, 'cacheTtl', 'is only allowed on idempotent endpoints: caching a mutation would skip it');
  }
  if (definition.timeout !== undefined && (!Number.isFinite(definition.timeout) || definition.timeout <= 0)) {
    throw definitionError(definition, 'timeout', 'must be a positive number of milliseconds');
  }
  const endpoint: Endpoint<SchemaInput<InputSchema>, SchemaResult<OutputSchema>> = {
    kind: 'bk-endpoint',
    module: definition.module,
    name: definition.name,
    description: definition.description,
    method: definition.method,
    path: definition.path,
    root: definition.root,
    urlKeys: Object.freeze(urlKeys),
    input: definition.input,
    output: definition.output,
    // The typed callbacks receive exactly the validated params at run time; the stored
    // signatures are widened so every endpoint fits one runtime shape.
    before: definition.before as Endpoint['before'],
    after: definition.after,
    cacheTtl: definition.cacheTtl,
    idempotent,
    tenant: definition.tenant as Endpoint['tenant'],
    headerKeys: Object.freeze([...new Set([...(definition.headerKeys ?? []), ...DEFAULT_HEADER_KEYS])]),
    defaultReturnValue: definition.defaultReturnValue,
    methodOverride: definition.methodOverride,
    pagination: definition.pagination ?? 'limit_offset',
    timeout: definition.timeout,
    noQueryParams: definition.noQueryParams ?? false,
    envelope: definition.envelope ?? 'standard',
    keepUrlKeysInParams: definition.keepUrlKeysInParams ?? true,
    authenticate: definition.authenticate ?? true,
    retry: definition.retry,
  };
  return Object.freeze(endpoint);
}
