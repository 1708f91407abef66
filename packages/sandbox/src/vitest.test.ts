import { describe, expect, it } from 'vitest';
import { authorization } from './test-support/blueking-fetch.js';
import { authorizationOf, bodyOf, callsTo, onlyCall, rejection, useClosing, usesMinimalAnswers, useSandbox } from './vitest.js';

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

describe('test helpers', () => {
  const track = useClosing();
  let closed = 0;

  it('track hands back what it closes after the file', () => {
    const value = { close: () => void (closed += 1) };
    expect(track(value)).toBe(value);
    expect(closed).toBe(0);
  });

  it('onlyCall and callsTo read the recorder; authorizationOf parses the header', async () => {
    await fetch(`${sandbox().roots.legacy.cmsi}send_sms/`, {
      method: 'POST',
      headers: { ...authorization(sandbox()), 'content-type': 'application/json' },
      body: JSON.stringify({ receiver__username: 'admin', content: 'x' }),
    });
    const call = onlyCall(sandbox(), 'send_sms');
    expect(callsTo(sandbox(), 'send_sms')).toEqual([call]);
    expect(authorizationOf(call)).toMatchObject({ bk_app_code: 'hooked_app', bk_username: 'admin' });
    expect(bodyOf(call)).toMatchObject({ content: 'x' });
    expect(() => onlyCall(sandbox(), 'send_mail')).toThrow(/expected one call to send_mail, saw 0: cmsi\.send_sms/);
    expect(authorizationOf(undefined)).toEqual({});
  });

  it('rejection returns the error and refuses a success', async () => {
    const failure = new Error('boom');
    await expect(rejection(Promise.reject(failure))).resolves.toBe(failure);
    await expect(rejection(Promise.resolve(1))).rejects.toThrow('expected the call to fail');
  });

  it('usesMinimalAnswers reads X_SANDBOX_ANSWERS', () => {
    expect(usesMinimalAnswers({ X_SANDBOX_ANSWERS: 'minimal' })).toBe(true);
    expect(usesMinimalAnswers({})).toBe(false);
    expect(() => usesMinimalAnswers({ X_SANDBOX_ANSWERS: 'half' })).toThrow(/X_SANDBOX_ANSWERS must be one of/);
  });
});
