import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runWithContext } from '@x/core-client';
import { ApiRequestError, ApiResultError, PartialDeliveryError, ValidationError } from '@x/errors';
import { authorizationOf, rejection, useClosing, useSandbox, usesMinimalAnswers } from '@x/sandbox/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64Content } from './cmsi-base64-content.js';
import { VERSION } from './version.js';
import type { CmsiClient } from './cmsi-client.js';
import type { CmsiSettings } from './cmsi-settings.js';
import { CMSI_SANDBOX, cmsiOnSandbox } from './test-support/cmsi-on-sandbox.js';

const sandbox = useSandbox(CMSI_SANDBOX);
const track = useClosing();
const create = (settings?: CmsiSettings): CmsiClient => track(cmsiOnSandbox(sandbox(), settings));
let legacy: CmsiClient;
let gateway: CmsiClient;
beforeAll(() => {
  legacy = create();
  gateway = create({ gatewayMode: 'gateway', stage: 'prod' });
});

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cmsi-mail-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('sendMail: what leaves the client', () => {
  it('posts send_mail/ on the legacy root with receivers joined into receiver__username and the user fields', async () => {
    const result = await legacy.sendMail({ receivers: ['alice', 'bob'], title: '【日志平台】', content: '<b>done</b>' });
    // 2.14.69 adds username_check (toolkit/tools.py inject_invalid_usernames); the community edition answers data: null.
    expect(result).toEqual(usesMinimalAnswers() ? null : { username_check: { invalid: [] } });
    const [call] = sandbox().calls;
    expect(sandbox().calls).toHaveLength(1);
    expect(call).toMatchObject({ method: 'POST', path: '/api/c/compapi/v2/cmsi/send_mail/', query: {}, route: 'cmsi.send_mail', tenantId: 'system' });
    // Exactly the wire fields: `receivers` is gone, no `bklog_request_id` anywhere.
    expect(call?.body).toStrictEqual({
      receiver__username: 'alice,bob',
      title: '【日志平台】',
      content: '<b>done</b>',
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(call?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(call?.headers['user-agent']).toContain(`x-cmsi/${VERSION}`);
    expect(call?.headers['x-request-id']).toMatch(/^[\da-f-]{36}$/);
    expect(authorizationOf(call)).toStrictEqual({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret', bk_username: 'admin' });
    expect(sandbox().outbox).toMatchObject([{ channel: 'mail', receivers: ['alice', 'bob'], title: '【日志平台】', content: '<b>done</b>' }]);
  });

  it('posts to /api/bk-cmsi/{stage}/v1/send_mail/ in gateway mode', async () => {
    await gateway.sendMail({ receivers: 'alice', title: 't', content: 'c' });
    expect(sandbox().calls[0]?.path).toBe('/api/bk-cmsi/prod/v1/send_mail/');
  });

  it('takes receivers as a comma string, merges them with receiver__username and drops duplicates and blanks', async () => {
    await legacy.sendMail({ receivers: 'alice, bob,,', receiver__username: ['carol', 'alice'], title: 't', content: 'c' });
    expect(sandbox().calls[0]?.body).toMatchObject({ receiver__username: 'carol,alice,bob' });
  });

  it('sends the context user as bk_username and operator, and keeps explicit ones', async () => {
    await runWithContext({ username: 'alice', tenantId: 'tenant-a' }, () => legacy.sendMail({ receivers: 'bob', title: 't', content: 'c' }));
    await legacy.sendMail({ receivers: 'bob', title: 't', content: 'c', bk_username: 'carol' });
    const [first, second] = sandbox().calls;
    expect(first?.body).toMatchObject({ bk_username: 'alice', operator: 'alice' });
    expect(first?.tenantId).toBe('tenant-a');
    expect(authorizationOf(first).bk_username).toBe('alice');
    expect(second?.body).toMatchObject({ bk_username: 'carol', operator: 'carol' });
  });

  it('sends plain e-mail receivers, cc, sender, body format and email_type as CMSI names them, without an empty receiver__username', async () => {
    await legacy.sendMail({
      receiver: ['ops@example.com', 'dev@example.org'],
      email_type: 'SEND_TO_INTERNET',
      cc: 'lead@example.com',
      sender: 'noreply@example.com',
      body_format: 'Text',
      title: 'Report',
      content: 'plain',
    });
    expect(sandbox().calls[0]?.body).toStrictEqual({
      receiver: 'ops@example.com,dev@example.org',
      email_type: 'SEND_TO_INTERNET',
      cc: 'lead@example.com',
      sender: 'noreply@example.com',
      body_format: 'Text',
      title: 'Report',
      content: 'plain',
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(sandbox().outbox[0]?.receivers).toEqual(['ops@example.com', 'dev@example.org']);
  });

  it('base64Content encodes the body and sets is_content_base64', async () => {
    await legacy.sendMail({ receivers: 'alice', title: 't', ...base64Content('<p>héllo 日志</p>'), body_format: 'Html' });
    expect(sandbox().calls[0]?.body).toMatchObject({ content: Buffer.from('<p>héllo 日志</p>').toString('base64'), is_content_base64: true });
    expect(sandbox().outbox[0]?.content).toBe('<p>héllo 日志</p>');
  });

  it('builds base64 attachments from a Buffer, a Uint8Array, a file path and a file URL', async () => {
    const path = join(folder, 'report.csv');
    await writeFile(path, 'a,b\n1,2\n');
    await legacy.sendMail({
      receivers: 'alice',
      title: 't',
      content: 'c',
      attachments: [
        { filename: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]), type: 'png', disposition: 'inline', content_id: 'logo' },
        { filename: 'bytes.bin', content: new Uint8Array([1, 2, 3]).subarray(1) },
        { content: path, type: 'csv' },
        { filename: 'renamed.csv', content: pathToFileURL(path) },
      ],
    });
    expect((sandbox().calls[0]?.body as { attachments: unknown }).attachments).toStrictEqual([
      // send_mail_with_smtp.py puts content_id in the Content-ID header as given: `cid:logo` needs `<logo>`.
      { filename: 'logo.png', content: 'iVBORw==', type: 'png', disposition: 'inline', content_id: '<logo>' },
      { filename: 'bytes.bin', content: Buffer.from([2, 3]).toString('base64') },
      { filename: 'report.csv', content: Buffer.from('a,b\n1,2\n').toString('base64'), type: 'csv' },
      { filename: 'renamed.csv', content: Buffer.from('a,b\n1,2\n').toString('base64') },
    ]);
  });
});

describe('sendMail: validation before sending', () => {
  it.each([
    [{ title: 't', content: 'c' }, 'receivers'],
    [{ receivers: [], receiver__username: ' , ', receiver: '', title: 't', content: 'c' }, 'receivers'],
    [{ receivers: 'alice', content: 'c' }, 'title'],
    [{ receivers: 'alice', title: '  ', content: 'c' }, 'title'],
    [{ receivers: 'alice', title: 't' }, 'content'],
    [{ receiver: 'not-an-address', title: 't', content: 'c' }, 'receiver'],
    [{ receivers: 'alice', cc: ['ok@example.com', 'bad@'], title: 't', content: 'c' }, 'cc'],
    [{ receivers: 'alice', title: 't', content: 'c', body_format: 'Markdown' }, 'body_format'],
    [{ receivers: 'alice', title: 't', content: 'c', attachments: [{ content: Buffer.from('x') }] }, 'attachments[0].filename'],
    [{ receivers: 'alice', title: 't', content: 'c', attachments: [{ filename: 'x', content: 42 }] }, 'attachments[0].content'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    const error = await rejection(legacy.sendMail(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toContain(field);
    expect((error as ValidationError).message).toContain(field);
    expect(sandbox().calls).toHaveLength(0);
  });

  // What legacy-bk-paas's send_mail component would silently drop or misread
  // (paas2/esb/components/generic/templates/cmsi/send_mail.py Form.clean: receiver wins over
  // receiver__username, cc over cc__username; toolkit/send_mail_with_smtp.py reads `type` as a
  // file-type keyword and uses content_id for images only).
  it.each([
    [{ receivers: 'alice', receiver: 'ops@example.com', title: 't', content: 'c' }, 'receivers', 'cannot be combined with receiver'],
    [{ receiver__username: 'alice', receiver: 'ops@example.com', title: 't', content: 'c' }, 'receiver__username', 'cannot be combined with receiver'],
    [{ receivers: 'alice', cc: 'lead@example.com', cc__username: 'bob', title: 't', content: 'c' }, 'cc__username', 'cannot be combined with cc'],
    [
      { receivers: 'alice', title: 't', content: 'c', attachments: [{ filename: 'a.png', content: Buffer.from('x'), type: 'image/png' }] },
      'attachments[0].type',
      'not a MIME type',
    ],
    [
      { receivers: 'alice', title: 't', content: 'c', attachments: [{ filename: 'a.csv', content: Buffer.from('x'), content_id: 'a' }] },
      'attachments[0].content_id',
      'only applies to images',
    ],
  ])('%j is refused before sending (%s: %s)', async (params, field, reason) => {
    const error = await rejection(legacy.sendMail(params));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual([field]);
    expect((error as ValidationError).message).toContain(reason);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('sends a content_id already in angle brackets unchanged', async () => {
    await legacy.sendMail({
      receivers: 'alice',
      title: 't',
      content: '<img src="cid:logo.png">',
      attachments: [{ filename: 'logo.png', content: Buffer.from('x'), type: 'image', content_id: '<logo.png>' }],
    });
    expect((sandbox().calls[0]?.body as { attachments: { content_id: string }[] }).attachments[0]?.content_id).toBe('<logo.png>');
  });

  it('names the attachment whose file cannot be read, before anything is sent', async () => {
    const error = await rejection(legacy.sendMail({ receivers: 'alice', title: 't', content: 'c', attachments: [{ content: join(folder, 'missing.pdf') }] }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['attachments[0].content']);
    expect((error as ValidationError).message).toContain('ENOENT');
    expect(sandbox().calls).toHaveLength(0);
  });
});

describe('sendMail: failures', () => {
  it('only unknown users: an ApiResultError (not a partial delivery) with CMSI code, message, data and request id', async () => {
    const error = await rejection(legacy.sendMail({ receivers: 'bad name!', title: 't', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(PartialDeliveryError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ code: '1306000', module: 'cmsi', endpoint: 'send_mail' });
    expect((error as ApiResultError).message).toBe('All users message failed to be sent. The following users are not blueking users: bad name!');
    expect((error as ApiResultError).data).toEqual(usesMinimalAnswers() ? undefined : { username_check: { invalid: ['bad name!'] } });
    expect((error as ApiResultError).requestId).toBe(sandbox().calls[0]?.requestId);
    expect(sandbox().outbox).toHaveLength(0);
  });

  // legacy-bk-paas 2.14.69 send_mail.py: the known user is mailed, then the answer is result
  // false, code 1306000, "Some users failed to send email. …", data.username_check.invalid.
  it('one known and one unknown user: a PartialDeliveryError naming the refused user; the known one got it once', async () => {
    const error = await rejection(legacy.sendMail({ receivers: ['alice', 'bad name!'], title: 't', content: 'c' }));
    expect(PartialDeliveryError.isInstance(error)).toBe(true);
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: '1306000',
      message: 'Some users failed to send email. The following users are not blueking users: bad name!',
      refused: ['bad name!'],
      isRetryable: false,
      requestId: sandbox().calls[0]?.requestId,
    });
    expect((error as PartialDeliveryError).data).toEqual(usesMinimalAnswers() ? undefined : { username_check: { invalid: ['bad name!'] } });
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().outbox.map((message) => message.receivers)).toEqual([['alice']]);
  });

  it('an injected result-false fault is an ApiResultError, not retried', async () => {
    sandbox().inject({ kind: 'result-false', route: 'send_mail' });
    const error = await rejection(legacy.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(error).toMatchObject({ name: 'ApiResultError', code: '1650500' });
    expect(sandbox().calls).toHaveLength(1);
  });

  it.each([502, 503, 504])('HTTP %i is one attempt and one ApiRequestError: a send is never repeated', async (status) => {
    sandbox().inject({ kind: 'status', status, route: 'send_mail' });
    const error = await rejection(legacy.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ failure: 'http-status', status, isRetryable: true, gateway: { errorCode: expect.any(String) as unknown } });
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(0);
  });

  it('a connection reset after the request reached the server is one attempt and one ApiRequestError', async () => {
    sandbox().inject({ kind: 'reset', route: 'send_mail' });
    const error = await rejection(legacy.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ failure: 'network', requestSent: true });
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(0);
  });

  it('an HTML error page is an ApiRequestError carrying the status and a truncated body', async () => {
    sandbox().inject({ kind: 'html', status: 502, route: 'send_mail' });
    const error = await rejection(legacy.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(error).toMatchObject({ name: 'ApiRequestError', status: 502 });
    expect((error as ApiRequestError).responseBody).toContain('Bad Gateway');
    expect(sandbox().calls).toHaveLength(1);
  });

  it('a wrong app secret is a 403 ApiRequestError whose message and JSON never hold the secret', async () => {
    const client = create({ appSecret: 'a-wrong-secret-value' });
    const error = await rejection(client.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(error).toMatchObject({ name: 'ApiRequestError', status: 403 });
    expect(JSON.stringify(error)).not.toContain('a-wrong-secret-value');
    expect(String((error as Error).stack)).not.toContain('a-wrong-secret-value');
  });
});
