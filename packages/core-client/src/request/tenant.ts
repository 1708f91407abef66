import { ValidationError } from '@x/errors';
import { LRUCache } from 'lru-cache';
import type { TenantLookup } from '../client/client-settings.js';
import type { BeforeRequestContext, DerivedTenant, Endpoint, WireParams } from '../endpoint/define-endpoint.js';

type Resolver = (lookup: TenantLookup) => string | undefined | Promise<string | undefined>;

/**
 * Resolves `X-Bk-Tenant-Id`: call option → endpoint tenant → context → client default →
 * `system`. Derived tenants go through `settings.resolveTenant`, cached per key.
 */
export class TenantResolver {
  readonly #resolver: Resolver | undefined;
  // Tenants rarely move; ten minutes bounds how long a moved space keeps its old tenant here.
  readonly #cache = new LRUCache<string, string>({ max: 10_000, ttl: 10 * 60 * 1000 });

  constructor(resolver: Resolver | undefined) {
    this.#resolver = resolver;
  }

  async resolve(endpoint: Endpoint, params: WireParams, context: BeforeRequestContext, override: string | undefined): Promise<string> {
    if (override !== undefined) return override;
    const source = endpoint.tenant;
    if (typeof source === 'string' && source !== '') return source;
    if (typeof source === 'function') return nonEmpty(source(params, context)) ?? context.tenantId;
    if (typeof source === 'object') return (await this.#derive(endpoint, source, params)) ?? context.tenantId;
    return context.tenantId;
  }

  async #derive(endpoint: Endpoint, source: DerivedTenant, params: WireParams): Promise<string | undefined> {
    const key = source.key ?? source.from;
    let value = params[key];
    // bklog's result-table getter takes the first of a list of tables.
    if (Array.isArray(value)) value = (value as unknown[])[0];
    if (value === undefined || value === null || value === '') {
      if (source.required === true) {
        throw new ValidationError({
          direction: 'input',
          module: endpoint.module,
          endpoint: endpoint.name,
          issues: [{ path: [key], message: `is required to derive the tenant (from ${source.from})`, code: 'missing_tenant_field' }],
        });
      }
      return undefined;
    }
    if (this.#resolver === undefined) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    const cacheKey = `${source.from}:${String(value)}`;
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const lookup: TenantLookup = source.from === 'bk_biz_id' ? { bk_biz_id: value } : { [source.from]: String(value) };
    const tenant = nonEmpty(await this.#resolver(lookup));
    if (tenant !== undefined) this.#cache.set(cacheKey, tenant);
    return tenant;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
