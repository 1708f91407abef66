import { describe, expect, it } from 'vitest';
import { commonClientSettings } from './client-settings.js';

describe('commonClientSettings', () => {
  it('reads credentials, stage, user and tenant from the environment', () => {
    const env = { BKPAAS_APP_ID: 'app', APP_TOKEN: 'token', BKPAAS_ENVIRONMENT: 'stag', BK_USERNAME: 'alice', BK_TENANT_ID: 'system' };
    const expected = { appCode: 'app', appSecret: 'token', stage: 'stag', username: 'alice', tenantId: 'system' };
    expect(commonClientSettings(env, false)).toEqual(expected);
    expect(commonClientSettings(env, true)).toEqual(expected);
  });

  it("falls back to the sandbox's credentials for a sandbox only, and to the admin user", () => {
    expect(commonClientSettings({}, true)).toEqual({
      appCode: 'bk_sandbox',
      appSecret: 'sandbox-secret',
      stage: undefined,
      username: 'admin',
      tenantId: undefined,
    });
    expect(commonClientSettings({}, false)).toEqual({ appCode: undefined, appSecret: undefined, stage: undefined, username: 'admin', tenantId: undefined });
  });
});
