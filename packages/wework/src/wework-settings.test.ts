import { ValidationError } from '@x/errors';
import { rejection } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createWework } from './wework-client.js';
import { resolveWeworkBaseUrl } from './wework-settings.js';

beforeEach(() => {
  for (const name of ['BKAPP_WEWORK_APIGATEWAY_ROOT', 'BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST', 'BKAPP_USE_APIGW', 'BKPAAS_ENVIRONMENT'])
    vi.stubEnv(name, '');
});

describe('resolveWeworkBaseUrl', () => {
  it('takes baseUrl first', () => {
    vi.stubEnv('BKAPP_WEWORK_APIGATEWAY_ROOT', 'http://env-root/wework/');
    expect(resolveWeworkBaseUrl({ baseUrl: 'http://x/wework/', apiHost: 'http://h' })).toBe('http://x/wework/');
    expect(resolveWeworkBaseUrl({ baseUrl: () => 'http://lazy/wework/' })).toBe('http://lazy/wework/');
  });

  it('builds the documented default paths from apiHost: legacy ESB and gateway with stage', () => {
    expect(resolveWeworkBaseUrl({ apiHost: 'http://paas' })).toBe('http://paas/api/c/compapi/v2/wework/');
    expect(resolveWeworkBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway' })).toBe('http://paas/api/bk-wework/prod/');
    expect(resolveWeworkBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway', stage: 'dev' })).toBe('http://paas/api/bk-wework/dev/');
  });

  it('an explicit apiHost wins over BKAPP_WEWORK_APIGATEWAY_ROOT', () => {
    vi.stubEnv('BKAPP_WEWORK_APIGATEWAY_ROOT', 'http://env-root/wework/');
    expect(resolveWeworkBaseUrl({ apiHost: 'http://paas' })).toBe('http://paas/api/c/compapi/v2/wework/');
  });

  it('falls back to BKAPP_WEWORK_APIGATEWAY_ROOT, then to the host variables', () => {
    vi.stubEnv('BK_PAAS_HOST', 'http://env-host');
    expect(resolveWeworkBaseUrl()).toBe('http://env-host/api/c/compapi/v2/wework/');
    vi.stubEnv('BKAPP_WEWORK_APIGATEWAY_ROOT', 'http://env-root/wework/');
    expect(resolveWeworkBaseUrl()).toBe('http://env-root/wework/');
    vi.stubEnv('BKAPP_WEWORK_APIGATEWAY_ROOT', '');
    vi.stubEnv('BKAPP_USE_APIGW', 'true');
    vi.stubEnv('BKPAAS_ENVIRONMENT', 'stag');
    expect(resolveWeworkBaseUrl()).toBe('http://env-host/api/bk-wework/stag/');
  });

  it('without any root is a ValidationError naming baseUrl and every variable', () => {
    let error: unknown;
    try {
      resolveWeworkBaseUrl();
    } catch (caught) {
      error = caught;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['baseUrl']);
    expect((error as ValidationError).message).toContain('BKAPP_WEWORK_APIGATEWAY_ROOT');
    expect((error as ValidationError).message).toContain('BK_COMPONENT_API_URL');
  });

  it('createWework never throws; the first call reports the missing root', async () => {
    const wework = createWework({ appCode: 'app', appSecret: 'secret-value' });
    const error = await rejection(wework.sendText('wr1', 'hi'));
    expect((error as ValidationError).fields).toEqual(['baseUrl']);
    await wework.close();
  });
});
