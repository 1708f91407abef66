export { createClient } from './client/create-client.js';
export type { BkClient, CallArguments, CallResult, DefaultBatchItem, DefaultPageItem, PageParams } from './client/create-client.js';
export type { BatchOptions, BkClientSettings, CallOptions, FetchFunction, Lazy, PageOptions, TenantLookup, TlsSettings } from './client/client-settings.js';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_LOG_LENGTH,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_TENANT_ID,
  DEFAULT_TIMEOUT,
} from './client/normalize-settings.js';
export { DEFAULT_HEADER_KEYS, defineEndpoint } from './endpoint/define-endpoint.js';
export type {
  AnyEndpoint,
  BeforeRequestContext,
  DerivedTenant,
  Endpoint,
  EndpointDefinition,
  EndpointInput,
  EndpointOutput,
  EndpointTypes,
  EnvelopeKind,
  HttpMethod,
  PaginationStyle,
  TenantField,
  TenantSource,
  WireParams,
} from './endpoint/define-endpoint.js';
export type { Envelope } from './response/envelope.js';
export { DEFAULT_RETRY_POLICY } from './retry/retry-policy.js';
export type { BackoffPolicy, NormalizedRetryPolicy, RetryPolicy } from './retry/retry-policy.js';
export type { RetryBudgetSettings } from './retry/retry-budget.js';
export { createMemoryCacheStore } from './cache/memory-cache-store.js';
export type { MemoryCacheStoreOptions } from './cache/memory-cache-store.js';
export { createRedisCacheStore } from './cache/redis-cache-store.js';
export type { RedisCacheStoreOptions, RedisLikeClient } from './cache/redis-cache-store.js';
export type { CacheStore } from './cache/cache-store.js';
export { getContext, runWithContext } from './context/request-context.js';
export type { RequestContext } from './context/request-context.js';
export { silentLogger } from './logging/logger.js';
export type { Logger } from './logging/logger.js';
export { addAppInfo, addEsbInfo } from './helpers/before-request.js';
export {
  API_HOST_ENV_VARIABLES,
  APP_CODE_ENV_VARIABLES,
  APP_SECRET_ENV_VARIABLES,
  joinUrl,
  resolveApiHost,
  resolveAppCode,
  resolveAppSecret,
  resolveGatewayMode,
  resolveStage,
} from './settings/environment.js';
export type { GatewayMode } from './settings/environment.js';
export { defineIntegration } from './integration/define-integration.js';
export type { Integration, IntegrationDefinition, IntegrationRoot, IntegrationRootSettings } from './integration/define-integration.js';
export { lazyImport } from './integration/lazy-import.js';
export { strictInputErrors } from './integration/strict-input-errors.js';
export type { StrictInputErrors, StrictInputErrorsDefinition, StrictObjectErrorOption } from './integration/strict-input-errors.js';
export { VERSION } from './version.js';
