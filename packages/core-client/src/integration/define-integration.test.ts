import { ValidationError } from '@x/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineIntegration } from './define-integration.js';

const variables = ['BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST', 'BKAPP_USE_APIGW', 'BKPAAS_ENVIRONMENT', 'X_TEST_ROOT'];
beforeEach(() => {
  for (const name of variables) vi.stubEnv(name, '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const single = defineIntegration({
  name: 'cmsi',
  version: '1.2.3',
  roots: { main: { legacyPath: 'api/c/compapi/v2/cmsi/', gatewayPath: (stage) => `api/bk-cmsi/${stage}/v1/` } },
  rootEnvVariable: 'X_TEST_ROOT',
});
const multi = defineIntegration({
  name: 'bkdata',
  version: '0.1.0',
  roots: {
    access: { legacyPath: 'api/c/compapi/data/v3/access/', gatewayPath: (stage) => `api/bk-base/${stage}/v3/access/` },
    databusV4: { legacyPath: 'api/bk-base/prod/v4/databus/', gatewayPath: (stage) => `api/bk-base/${stage}/v4/databus/` },
  },
});

describe('defineIntegration', () => {
  it('resolves a root in one order: explicit root, apiHost setting, root variable, API host variables', () => {
    expect(single.resolveRoot({ baseUrl: 'http://explicit/cmsi/', apiHost: 'http://paas' })).toBe('http://explicit/cmsi/');
    expect(single.resolveRoot({ baseUrl: () => 'http://lazy/cmsi/' })).toBe('http://lazy/cmsi/');
    vi.stubEnv('X_TEST_ROOT', 'http://from-variable/cmsi/');
    vi.stubEnv('BK_PAAS_HOST', 'http://paas-host');
    expect(single.resolveRoot({ apiHost: 'http://paas' })).toBe('http://paas/api/c/compapi/v2/cmsi/');
    expect(single.resolveRoot({})).toBe('http://from-variable/cmsi/');
    vi.stubEnv('X_TEST_ROOT', '');
    expect(single.resolveRoot({})).toBe('http://paas-host/api/c/compapi/v2/cmsi/');
  });

  it('builds gateway paths with the stage (encoded), from the settings or the environment', () => {
    expect(single.resolveRoot({ apiHost: 'http://paas/', gatewayMode: 'gateway', stage: 's t' })).toBe('http://paas/api/bk-cmsi/s%20t/v1/');
    vi.stubEnv('BKAPP_USE_APIGW', 'TRUE');
    vi.stubEnv('BKPAAS_ENVIRONMENT', 'stag');
    expect(single.resolveRoot({ apiHost: 'http://paas' })).toBe('http://paas/api/bk-cmsi/stag/v1/');
    expect(multi.resolveRoot({ apiHost: 'http://paas', gatewayMode: 'legacy' }, 'databusV4')).toBe('http://paas/api/bk-base/prod/v4/databus/');
  });

  it('fails with the same ValidationError everywhere, naming the settings and variables to set', () => {
    const error = (() => {
      try {
        return single.resolveRoot({});
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).message).toBe(
      'The cmsi root is not configured: pass baseUrl or apiHost in the settings, or set one of X_TEST_ROOT, BK_COMPONENT_API_URL, BK_PAAS_INNER_HOST, BK_PAAS_HOST',
    );
    expect(() => multi.resolveRoot({}, 'databusV4')).toThrow('The bkdata root is not configured: pass roots.databusV4 or apiHost in the settings');
  });

  it('makes core settings: lazy roots, the User-Agent before the caller’s, own keys dropped', () => {
    const resolve = vi.fn(() => 'http://lazy/cmsi/');
    const core = single.coreSettings({ baseUrl: resolve, appCode: 'a', cacheTtl: 5, userAgent: 'my-app/2' }, ['cacheTtl']);
    expect(resolve).not.toHaveBeenCalled();
    expect(core).not.toHaveProperty('cacheTtl');
    expect(core).not.toHaveProperty('apiHost');
    expect(core.userAgent).toBe('my-app/2 x-cmsi/1.2.3');
    expect(typeof core.baseUrl === 'function' ? core.baseUrl() : core.baseUrl).toBe('http://lazy/cmsi/');
    const roots = multi.coreSettings({ apiHost: 'http://paas', roots: { databusV4: 'http://v4/' } }).roots ?? {};
    const v4 = roots.databusV4;
    expect(typeof v4 === 'function' ? v4() : v4).toBe('http://v4/');
    expect(multi.coreSettings({}).userAgent).toBe('x-bkdata/0.1.0');
  });
});
