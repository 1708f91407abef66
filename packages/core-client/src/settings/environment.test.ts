import { ValidationError } from '@x/errors';
import { describe, expect, it, vi } from 'vitest';
import { joinUrl, resolveApiHost, resolveAppCode, resolveAppSecret, resolveGatewayMode, resolveStage } from './environment.js';

function clear(...names: string[]): void {
  for (const name of names) vi.stubEnv(name, '');
}

describe('environment settings', () => {
  it('resolves the API host in bklog order and names the variables when none is set', () => {
    clear('BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST');
    expect(() => resolveApiHost()).toThrow(ValidationError);
    expect(() => resolveApiHost()).toThrow(/BK_COMPONENT_API_URL, BK_PAAS_INNER_HOST, BK_PAAS_HOST/);
    vi.stubEnv('BK_PAAS_HOST', 'http://paas');
    expect(resolveApiHost()).toBe('http://paas');
    vi.stubEnv('BK_PAAS_INNER_HOST', 'http://inner');
    expect(resolveApiHost()).toBe('http://inner');
    vi.stubEnv('BK_COMPONENT_API_URL', 'http://component');
    expect(resolveApiHost()).toBe('http://component');
    expect(resolveApiHost('http://explicit')).toBe('http://explicit');
  });

  it('resolves app code and secret from the environment', () => {
    clear('BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID', 'BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN');
    expect(() => resolveAppSecret()).toThrow(/BK_APP_SECRET, BKPAAS_APP_SECRET, APP_TOKEN/);
    vi.stubEnv('APP_ID', 'from-app-id');
    vi.stubEnv('BKPAAS_APP_SECRET', 'from-paas');
    expect(resolveAppCode()).toBe('from-app-id');
    expect(resolveAppSecret()).toBe('from-paas');
    expect(resolveAppCode('explicit')).toBe('explicit');
  });

  it('resolves gateway mode and stage', () => {
    clear('BKAPP_USE_APIGW', 'BKPAAS_ENVIRONMENT');
    expect(resolveGatewayMode()).toBe('legacy');
    vi.stubEnv('BKAPP_USE_APIGW', 'True');
    expect(resolveGatewayMode()).toBe('gateway');
    expect(resolveGatewayMode('legacy')).toBe('legacy');
    expect(resolveStage()).toBe('prod');
    vi.stubEnv('BKPAAS_ENVIRONMENT', 'stag');
    expect(resolveStage()).toBe('stag');
    expect(resolveStage('dev')).toBe('dev');
  });

  it('joins URLs with one slash and keeps the trailing slash of the path', () => {
    expect(joinUrl('http://paas/api/', '/send_mail/')).toBe('http://paas/api/send_mail/');
    expect(joinUrl('http://paas/api', 'send_weixin')).toBe('http://paas/api/send_weixin');
    expect(joinUrl('http://paas/api/', '')).toBe('http://paas/api/');
  });
});
