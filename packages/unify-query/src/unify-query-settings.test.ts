import { ValidationError } from '@x/errors';
import { onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it, vi } from 'vitest';
import { sandboxSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQuery } from './unify-query-client.js';
import { resolveUnifyQueryRoot, UNIFY_QUERY_ROOT_ENV_VARIABLE, UNIFY_QUERY_USER_AGENT } from './unify-query-settings.js';
import { VERSION } from './version.js';

const getSandbox = useSandbox({ recordCount: 300 });

function clearEnvironment(): void {
  for (const name of [UNIFY_QUERY_ROOT_ENV_VARIABLE, 'BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST']) vi.stubEnv(name, '');
}

const body = (sandbox: ReturnType<typeof getSandbox>) => ({
  query_list: [{ table_id: 'bklog_index_set_44' }],
  bk_biz_id: 2,
  start_time: sandbox.data.start,
  end_time: sandbox.data.now,
  limit: 1,
});

describe('resolveUnifyQueryRoot', () => {
  it('takes baseUrl, else an apiHost setting, else BKAPP_UNIFYQUERY_APIGATEWAY_ROOT, else the API host variables', () => {
    clearEnvironment();
    expect(resolveUnifyQueryRoot({ baseUrl: 'http://uq.internal/', apiHost: 'http://paas' })).toBe('http://uq.internal/');
    expect(resolveUnifyQueryRoot({ baseUrl: () => 'http://lazy/' })).toBe('http://lazy/');
    expect(resolveUnifyQueryRoot({ apiHost: 'http://paas.example.com/' })).toBe('http://paas.example.com/api/bk-unify-query/');
    vi.stubEnv('BK_PAAS_HOST', 'http://paas-host');
    expect(resolveUnifyQueryRoot({})).toBe('http://paas-host/api/bk-unify-query/');
    vi.stubEnv(UNIFY_QUERY_ROOT_ENV_VARIABLE, 'http://from-env/unify-query/');
    expect(resolveUnifyQueryRoot({})).toBe('http://from-env/unify-query/');
    // A setting wins over the environment (the integration kit's one order).
    expect(resolveUnifyQueryRoot({ apiHost: 'http://paas.example.com' })).toBe('http://paas.example.com/api/bk-unify-query/');
  });

  it('names the variables to set when nothing is configured', () => {
    clearEnvironment();
    expect(() => resolveUnifyQueryRoot({})).toThrow(
      'The unify-query root is not configured: pass baseUrl or apiHost in the settings, or set one of BKAPP_UNIFYQUERY_APIGATEWAY_ROOT, BK_COMPONENT_API_URL, BK_PAAS_INNER_HOST, BK_PAAS_HOST',
    );
  });
});

describe('createUnifyQuery', () => {
  it('never throws at creation; a missing root fails the first call and sends nothing', async () => {
    clearEnvironment();
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery({ appCode: 'bk_sandbox', appSecret: 'sandbox-secret' });
    const error = await unifyQuery.queryTsRaw(body(sandbox)).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(sandbox.calls).toHaveLength(0);
    await unifyQuery.close();
  });

  it('reaches the sandbox through apiHost, with its product token in User-Agent', async () => {
    clearEnvironment();
    const sandbox = getSandbox();
    expect(UNIFY_QUERY_USER_AGENT).toBe(`x-unify-query/${VERSION}`);
    const unifyQuery = createUnifyQuery({ ...sandboxSettings(sandbox), baseUrl: undefined, apiHost: sandbox.apiHost, userAgent: 'log-tool/1.0' });
    const page = await unifyQuery.queryTsRaw(body(sandbox));
    expect(page.list).toHaveLength(1);
    const call = onlyCall(sandbox, 'query_ts_raw');
    expect(call.path).toBe('/api/bk-unify-query/query/ts/raw/');
    expect(call.headers['user-agent']).toMatch(/^log-tool\/1\.0 x-unify-query\/\S+ x-core-client\//);
    await unifyQuery.close();
  });
});
