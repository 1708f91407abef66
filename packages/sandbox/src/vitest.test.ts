import { describe, expect, it } from 'vitest';
import { authorization } from './test-support/blueking-fetch.js';
import { useSandbox } from './vitest.js';

const sandbox = useSandbox({ recordCount: 10, appCode: 'hooked_app' });

describe('useSandbox', () => {
  it('starts the sandbox before the tests', async () => {
    expect(sandbox().credentials.appCode).toBe('hooked_app');
    const response = await fetch(`${sandbox().roots.legacy.cmsi}send_sms/`, {
      method: 'POST',
      headers: { ...authorization(sandbox()), 'content-type': 'application/json' },
      body: JSON.stringify({ receiver__username: 'admin', content: 'x' }),
    });
    expect(response.status).toBe(200);
    expect(sandbox().outbox).toHaveLength(1);
  });

  it('resets it after each test', () => {
    expect(sandbox().outbox).toHaveLength(0);
    expect(sandbox().calls).toHaveLength(0);
  });
});
