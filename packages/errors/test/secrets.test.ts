// Whatever an error is built from, the app secret, a token and a password must not reach its
// message, stack or JSON.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as errors from '../src/index.js';

const appSecret = 'APPSECRET-5f1c9e';
const token = 'TOKEN-77aa01';
const password = 'PASSWORD-c0ffee';
const authorization = JSON.stringify({ bk_app_code: 'app', bk_app_secret: appSecret, bk_token: token });

function surfaces(error: Error & { toJSON(): unknown }): string[] {
  return [error.message, error.stack ?? '', JSON.stringify(error), JSON.stringify(error.toJSON()), String(error)];
}

const builders: [string, () => errors.BkError][] = [
  [
    'BkError with secret data and message',
    () =>
      new errors.BkError({ message: `failed with password=${password}`, data: { bk_app_secret: appSecret, auth_info: { password } }, secrets: [appSecret] }),
  ],
  [
    'ApiRequestError with a body echoing the header',
    () =>
      new errors.ApiRequestError({
        failure: 'http-status',
        status: 500,
        url: `http://127.0.0.1/x?bk_token=${token}`,
        responseBody: `{"headers": {"X-Bkapi-Authorization": ${JSON.stringify(authorization)}}, "password": "${password}"}`,
        secrets: [appSecret, token, password],
      }),
  ],
  [
    'ApiResultError with remote errors',
    () => new errors.ApiResultError({ code: 1, message: `bad token ${token}`, errors: { access_token: token, password }, secrets: [token] }),
  ],
  [
    'ValidationError with an issue message',
    () => new errors.ValidationError({ issues: [{ path: ['bk_app_secret'], message: `got ${appSecret}` }], secrets: [appSecret] }),
  ],
  [
    'RetryError around a foreign error holding the header',
    () =>
      new errors.RetryError({
        reason: 'maxAttemptsExceeded',
        attemptErrors: [Object.assign(new Error(`HTTP 503 ${authorization}`), { request: { headers: { 'x-bkapi-authorization': authorization } } })],
        secrets: [appSecret, token],
      }),
  ],
  [
    'any error with a foreign cause',
    () =>
      new errors.ApiRequestError({
        failure: 'network',
        cause: Object.assign(new Error(`connect to ${password}`), { options: { password } }),
        secrets: [password],
      }),
  ],
];

describe.each(builders)('%s', (_name, build) => {
  it('keeps every secret out of message, stack and JSON', () => {
    const error = build();
    for (const surface of [...surfaces(error), inspect(error.cause ?? null, { depth: 5 })]) {
      expect(surface).not.toContain(appSecret);
      expect(surface).not.toContain(token);
      expect(surface).not.toContain(password);
    }
  });
});
