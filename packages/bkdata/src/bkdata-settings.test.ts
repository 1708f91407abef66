import { ValidationError } from '@x/errors';
import { onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it, vi } from 'vitest';
import { createBkdata } from './bkdata-client.js';
import { BKDATA_USER_AGENT, resolveBkdataRoot } from './bkdata-settings.js';
import type { BkdataRootName } from './bkdata-settings.js';
import { sandboxSettings } from './test-support/bkdata-test-settings.js';
import { VERSION } from './version.js';

const getSandbox = useSandbox({ recordCount: 3000 });
const names: readonly BkdataRootName[] = ['access', 'query', 'databus', 'databusV4'];

function clearEnvironment(): void {
  for (const name of ['BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST', 'BKAPP_USE_APIGW', 'BKPAAS_ENVIRONMENT']) vi.stubEnv(name, '');
}

describe('resolveBkdataRoot', () => {
  it('builds the legacy ESB roots (v4 databus is the literal prod gateway path)', () => {
    clearEnvironment();
    const roots = names.map((name) => resolveBkdataRoot({ apiHost: 'http://paas.example.com', gatewayMode: 'legacy', stage: 'stag' }, name));
    expect(roots).toEqual([
      'http://paas.example.com/api/c/compapi/data/v3/access/',
      'http://paas.example.com/api/c/compapi/data/v3/queryengine/',
      'http://paas.example.com/api/c/compapi/data/v3/databus/',
      'http://paas.example.com/api/bk-base/prod/v4/databus/',
    ]);
  });

  it('builds the API gateway roots with the stage', () => {
    clearEnvironment();
    const roots = names.map((name) => resolveBkdataRoot({ apiHost: 'http://paas.example.com/', gatewayMode: 'gateway', stage: 'stag' }, name));
    expect(roots).toEqual([
      'http://paas.example.com/api/bk-base/stag/v3/access/',
      'http://paas.example.com/api/bk-base/stag/v3/queryengine/',
      'http://paas.example.com/api/bk-base/stag/v3/databus/',
      'http://paas.example.com/api/bk-base/stag/v4/databus/',
    ]);
  });

  it('reads the host, the gateway switch and the stage from the environment', () => {
    clearEnvironment();
    vi.stubEnv('BK_PAAS_INNER_HOST', 'http://inner.example.com');
    expect(resolveBkdataRoot({}, 'access')).toBe('http://inner.example.com/api/c/compapi/data/v3/access/');
    vi.stubEnv('BK_COMPONENT_API_URL', 'http://component.example.com');
    vi.stubEnv('BKAPP_USE_APIGW', 'True');
    vi.stubEnv('BKPAAS_ENVIRONMENT', 'dev');
    expect(resolveBkdataRoot({}, 'query')).toBe('http://component.example.com/api/bk-base/dev/v3/queryengine/');
  });

  it('lets an explicit root win over the host', () => {
    clearEnvironment();
    expect(resolveBkdataRoot({ apiHost: 'http://paas', roots: { databusV4: 'http://bkbase.internal/v4/databus/' } }, 'databusV4')).toBe(
      'http://bkbase.internal/v4/databus/',
    );
  });

  it('names the host variables when no host is known', () => {
    clearEnvironment();
    expect(() => resolveBkdataRoot({}, 'access')).toThrow(/BK_COMPONENT_API_URL, BK_PAAS_INNER_HOST, BK_PAAS_HOST/);
  });
});

describe('createBkdata', () => {
  it('never throws at creation; a missing host fails the first call with a ValidationError and sends nothing', async () => {
    clearEnvironment();
    const sandbox = getSandbox();
    const bkdata = createBkdata({ appCode: 'bk_sandbox', appSecret: 'sandbox-secret' });
    const error = await bkdata.access.listRawData().catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('BK_COMPONENT_API_URL');
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });

  it('works against the legacy roots of the sandbox', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { gatewayMode: 'legacy' }));
    await bkdata.access.listRawData({ page: 1, pagesize: 1 });
    await bkdata.databus.getResultTable({ result_table_id: '2_bklog_audit' });
    expect(onlyCall(sandbox, 'list_raw_data').path).toBe('/api/c/compapi/data/v3/access/rawdata/');
    expect(onlyCall(sandbox, 'get_result_table').path).toBe('/api/c/compapi/data/v3/databus/result_tables/2_bklog_audit/');
    await bkdata.close();
  });

  it('accepts the sandbox roots as explicit roots', async () => {
    const sandbox = getSandbox();
    const { gateway } = sandbox.roots;
    const bkdata = createBkdata({
      ...sandboxSettings(sandbox),
      apiHost: undefined,
      roots: { access: gateway.bkdataAccess, query: gateway.bkdataQuery, databus: gateway.bkdataDatabus, databusV4: gateway.bkdataDatabusV4 },
    });
    const { list } = await bkdata.query.sql('SELECT 1 AS one');
    expect(list).toEqual([{ one: 1 }]);
    await bkdata.close();
  });

  it('puts its own product token and the caller one before the core one in User-Agent', async () => {
    const sandbox = getSandbox();
    expect(BKDATA_USER_AGENT).toBe(`x-bkdata/${VERSION}`);
    const bkdata = createBkdata(sandboxSettings(sandbox, { userAgent: 'log-tool/2.0' }));
    await bkdata.access.listRawData({ page: 1, pagesize: 1 });
    expect(onlyCall(sandbox, 'list_raw_data').headers['user-agent']).toMatch(
      new RegExp(`^log-tool/2\\.0 x-bkdata/${VERSION.replaceAll('.', '\\.')} x-core-client/`),
    );
    await bkdata.close();
  });

  it('shares one core client between the groups', () => {
    const bkdata = createBkdata({ apiHost: 'http://paas' });
    expect(Object.keys(bkdata)).toEqual(['access', 'query', 'databus', 'client', 'close']);
    return bkdata.close();
  });
});
