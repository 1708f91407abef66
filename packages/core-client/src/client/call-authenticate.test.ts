import { ValidationError } from '@x/errors';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { json, startTestServer, type TestServer } from '../test-support/start-test-server.js';
import { createClient } from './create-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  for (const name of ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID', 'BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN']) vi.stubEnv(name, '');
});

const webhook = defineEndpoint({ module: 'wework', name: 'robot_send', method: 'POST', path: '', envelope: 'none', authenticate: false });
const component = defineEndpoint({ module: 'cmsi', name: 'get_msg_type', method: 'GET', path: 'get_msg_type/' });

describe('authenticate: false', () => {
  it('is true by default', () => {
    expect(component.authenticate).toBe(true);
    expect(webhook.authenticate).toBe(false);
  });

  it('sends no X-Bkapi-Authorization and needs no app credentials', async () => {
    server.queue(json({ errcode: 0, errmsg: 'ok' }));
    const client = createClient({ baseUrl: `${server.url}/cgi-bin/webhook/send?key=robot-key`, retry: false });
    await expect(client.call(webhook, { msgtype: 'text' })).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    expect(server.requests[0]?.headers['x-bkapi-authorization']).toBeUndefined();
    expect(server.requests[0]?.url).toBe('/cgi-bin/webhook/send?key=robot-key');
    await client.close();
  });

  it('never sends the app secret to such a URL, even when the client has one', async () => {
    server.queue(json({ errcode: 0, errmsg: 'ok' }));
    const client = createClient({ baseUrl: `${server.url}/hook`, appCode: 'bk_log', appSecret: 'app-secret-value', retry: false });
    await client.call(webhook, {});
    const request = server.requests[0];
    expect(request?.headers['x-bkapi-authorization']).toBeUndefined();
    expect(JSON.stringify(request?.headers)).not.toContain('app-secret-value');
    await client.close();
  });

  it('leaves authenticated endpoints of the same client needing credentials', async () => {
    const client = createClient({ baseUrl: `${server.url}/`, retry: false });
    await expect(client.call(component)).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error) && error.fields.includes('appCode'));
    expect(server.requests).toHaveLength(0);
    await client.close();
  });
});
