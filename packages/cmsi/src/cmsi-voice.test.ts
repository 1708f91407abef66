import { ApiRequestError, ValidationError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
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

describe('sendVoiceMsg', () => {
  it('posts send_voice_msg/ with content copied to auto_read_message (content kept, as bklog sends it)', async () => {
    await legacy.sendVoiceMsg({ receivers: ['oncall-alice'], content: 'Disk full on web-1' });
    expect(sandbox().calls[0]).toMatchObject({ method: 'POST', path: '/api/c/compapi/v2/cmsi/send_voice_msg/' });
    expect(sandbox().calls[0]?.body).toStrictEqual({
      receiver__username: 'oncall-alice',
      content: 'Disk full on web-1',
      auto_read_message: 'Disk full on web-1',
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(sandbox().outbox[0]).toMatchObject({ channel: 'voice', receivers: ['oncall-alice'], content: 'Disk full on web-1' });
  });

  it('accepts auto_read_message and user_list_information as CMSI names them, on the gateway path', async () => {
    await gateway.sendVoiceMsg({ user_list_information: [{ username: 'alice', mobile_phone: '13800000000' }], auto_read_message: 'alarm' });
    expect(sandbox().outbox[0]).toMatchObject({ channel: 'voice', receivers: ['alice'], content: 'alarm' });
    expect(sandbox().calls[0]).toMatchObject({
      path: '/api/bk-cmsi/prod/v1/send_voice_msg/',
      body: { user_list_information: [{ username: 'alice', mobile_phone: '13800000000' }], auto_read_message: 'alarm' },
    });
    expect(sandbox().calls[0]?.body).not.toHaveProperty('receiver__username');
  });

  it.each([
    [{ content: 'c' }, 'receivers'],
    [{ receivers: 'alice' }, 'content'],
    [{ receivers: 'alice', content: '   ' }, 'content'],
    // send_voice_msg.py has no receiver field: a phone number there would be dropped, and the
    // component answers "The parameters [user_list_information and receiver__username] shall not be empty".
    [{ receiver: '13800000000', content: 'c' }, 'receiver'],
    // Its UserListInfoForm: "Mobile phone [mobile_phone] of the person notified must be a number".
    [{ user_list_information: [{ username: 'alice', mobile_phone: '+8613800000000' }], content: 'c' }, 'user_list_information[0].mobile_phone'],
    // Form.clean: user_list_information wins, receiver__username is dropped.
    [{ receivers: 'bob', user_list_information: [{ username: 'alice', mobile_phone: '13800000000' }], content: 'c' }, 'receivers'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    // As a JavaScript caller passes them: `receiver` does not compile (`receiver?: undefined`).
    const error = await rejection(legacy.sendVoiceMsg(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toContain(field);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('a reset connection is one attempt: a voice call is never placed twice by a retry', async () => {
    sandbox().inject({ kind: 'reset', route: 'send_voice_msg' });
    const error = await rejection(legacy.sendVoiceMsg({ receivers: 'alice', content: 'c' }));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(sandbox().calls).toHaveLength(1);
  });
});
