import { ValidationError } from '@x/errors';
import { rejection } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createCmsi } from './cmsi-client.js';
import { resolveCmsiBaseUrl } from './cmsi-settings.js';

const environment = ['BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST', 'BKAPP_USE_APIGW', 'BKPAAS_ENVIRONMENT', 'BK_APP_CODE', 'BK_APP_SECRET'];

beforeEach(() => {
  for (const name of environment) vi.stubEnv(name, '');
});

describe('resolveCmsiBaseUrl', () => {
  it('takes baseUrl (a string or a function) over everything else', () => {
    vi.stubEnv('BK_COMPONENT_API_URL', 'http://env-host');
    expect(resolveCmsiBaseUrl({ baseUrl: 'http://x/cmsi/', apiHost: 'http://h', gatewayMode: 'gateway' })).toBe('http://x/cmsi/');
    expect(resolveCmsiBaseUrl({ baseUrl: () => 'http://y/cmsi/' })).toBe('http://y/cmsi/');
  });

  it('builds the legacy ESB root from apiHost', () => {
    expect(resolveCmsiBaseUrl({ apiHost: 'http://paas.example.com', gatewayMode: 'legacy' })).toBe('http://paas.example.com/api/c/compapi/v2/cmsi/');
    expect(resolveCmsiBaseUrl({ apiHost: 'http://paas.example.com/' })).toBe('http://paas.example.com/api/c/compapi/v2/cmsi/');
  });

  it('builds the gateway root from apiHost and stage (default prod)', () => {
    expect(resolveCmsiBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway' })).toBe('http://paas/api/bk-cmsi/prod/v1/');
    expect(resolveCmsiBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway', stage: 'stag' })).toBe('http://paas/api/bk-cmsi/stag/v1/');
  });

  it('falls back to the environment: host, BKAPP_USE_APIGW and BKPAAS_ENVIRONMENT (bklog names)', () => {
    vi.stubEnv('BK_PAAS_HOST', 'http://from-env');
    expect(resolveCmsiBaseUrl()).toBe('http://from-env/api/c/compapi/v2/cmsi/');
    vi.stubEnv('BK_COMPONENT_API_URL', 'http://component');
    vi.stubEnv('BKAPP_USE_APIGW', 'True');
    vi.stubEnv('BKPAAS_ENVIRONMENT', 'dev');
    expect(resolveCmsiBaseUrl()).toBe('http://component/api/bk-cmsi/dev/v1/');
    expect(resolveCmsiBaseUrl({ gatewayMode: 'legacy' })).toBe('http://component/api/c/compapi/v2/cmsi/');
  });

  it('without any root is a ValidationError naming baseUrl (and apiHost) and the variables, as every integration does', () => {
    let error: unknown;
    try {
      resolveCmsiBaseUrl();
    } catch (caught) {
      error = caught;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['baseUrl']);
    expect((error as ValidationError).message).toBe(
      'The cmsi root is not configured: pass baseUrl or apiHost in the settings, or set one of BK_COMPONENT_API_URL, BK_PAAS_INNER_HOST, BK_PAAS_HOST',
    );
  });
});

describe('createCmsi', () => {
  it('never throws at creation; the first call says what to set', async () => {
    const cmsi = createCmsi();
    const error = await rejection(cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).message).toMatch(/appCode|baseUrl/);
    await cmsi.close();
  });

  it('reports a missing root at the call when credentials are set', async () => {
    const cmsi = createCmsi({ appCode: 'app', appSecret: 'secret-value' });
    const error = await rejection(cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect((error as ValidationError).fields).toEqual(['baseUrl']);
    await cmsi.close();
  });
});
