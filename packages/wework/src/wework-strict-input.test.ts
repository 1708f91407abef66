import { ValidationError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWeworkRobot } from './wework-robot.js';
import type { WeworkClient } from './wework-client.js';
import type { WeworkSettings } from './wework-settings.js';
import { WEWORK_SANDBOX, weworkOnSandbox } from './test-support/wework-on-sandbox.js';

// Plain JavaScript callers have no compile-time check: an unknown key must fail before sending,
// naming the key, instead of being sent (a misspelt `safe` sent as `sfae` is silently ignored by WeCom).
const sandbox = useSandbox(WEWORK_SANDBOX);
const track = useClosing();
const create = (settings?: WeworkSettings): WeworkClient => track(weworkOnSandbox(sandbox(), settings));
let wework: WeworkClient;
beforeAll(() => {
  wework = create();
});

function validationError(error: unknown): ValidationError {
  expect(ValidationError.isInstance(error)).toBe(true);
  return error as ValidationError;
}

describe('unknown keys are a ValidationError naming them, and nothing is sent', () => {
  it.each([
    ['createAppchat', () => wework.createAppchat({ name: 'Oncall', userlist: ['alice'], ower: 'bob' } as never), 'ower'],
    ['sendAppchat, top level', () => wework.sendAppchat({ chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, sfae: 1 } as never), 'sfae'],
    [
      'sendAppchat, in the body',
      () =>
        wework.sendAppchat({
          chatid: 'wr1',
          msgtype: 'textcard',
          textcard: { title: 't', description: 'd', url: 'https://bk.example.com/7', button_text: 'Open' },
        } as never),
      'button_text',
    ],
    [
      'sendAppchat, in an article',
      () => wework.sendAppchat({ chatid: 'wr1', msgtype: 'news', news: { articles: [{ title: 't', pic_url: 'https://bk.example.com/p.png' }] } } as never),
      'pic_url',
    ],
    ['sendRobot', () => wework.sendRobot({ msgtype: 'markdown', markdown: { content: 'hi' }, chat_id: 'wr1' } as never), 'chat_id'],
    ['sendRobot, in the body', () => wework.sendRobot({ msgtype: 'text', text: { content: 'hi', mention_list: ['@all'] } } as never), 'mention_list'],
  ])('%s', async (_name, call, key) => {
    const error = validationError(await rejection(call()));
    expect(error.message).toContain(`"${key}"`);
    expect(error.message).toContain('misspelt?');
    expect(error.issues.map((issue) => [issue.path.at(-1), issue.code])).toEqual([[key, 'unrecognized_keys']]);
    expect(sandbox().calls).toHaveLength(0);
    expect(sandbox().outbox).toHaveLength(0);
  });

  it('a robot of its own refuses them too', async () => {
    const robot = createWeworkRobot({ webhookUrl: sandbox().webhookUrl });
    try {
      const error = validationError(await rejection(robot.send({ msgtype: 'file', file: { media_id: 'M', name: 'x.csv' } } as never)));
      expect(error.fields).toEqual(['file.name']);
      expect(error.message).toContain('unknown field "name"');
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await robot.close();
    }
  });
});

// The whole message, pinned: the call's validation names the key (`unknown field "<key>": `) and
// the schema's error map says the rest, so a map that names the key too would repeat it.
describe('the message names an unknown key once', () => {
  it.each([
    [
      'at the top level',
      () => wework.sendAppchat({ chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, sfae: 1 } as never),
      'Parameter validation failed (wework.send_appchat input): sfae: unknown field "sfae": not a field of a text message of send_appchat (misspelt? fields the SDK does not model go in extra)',
    ],
    [
      'in the body',
      () =>
        wework.sendAppchat({
          chatid: 'wr1',
          msgtype: 'textcard',
          textcard: { title: 't', description: 'd', url: 'https://bk.example.com/7', button_text: 'Open' },
        } as never),
      'Parameter validation failed (wework.send_appchat input): textcard.button_text: unknown field "button_text": not a field of textcard (misspelt? unmodelled top-level fields go in extra)',
    ],
  ])('%s', async (_where, call, message) => {
    const error = validationError(await rejection(call()));
    expect(error.message).toBe(message);
    expect(sandbox().calls).toHaveLength(0);
    expect(sandbox().outbox).toHaveLength(0);
  });
});

describe('extra: the one escape hatch for WeCom fields the SDK does not model', () => {
  it('is sent next to the modelled fields of an app-chat message', async () => {
    const { chatid } = await wework.createAppchat({ name: 'Oncall', userlist: ['alice'], extra: { chat_type: 1 } });
    await wework.sendAppchat({ chatid, msgtype: 'text', text: { content: 'hi' }, extra: { enable_duplicate_check: 1, duplicate_check_interval: 1800 } });
    expect(sandbox().calls.map((call) => call.body)).toStrictEqual([
      { name: 'Oncall', userlist: ['alice'], chat_type: 1, owner: 'admin', bk_username: 'admin', operator: 'admin' },
      { chatid, msgtype: 'text', text: { content: 'hi' }, enable_duplicate_check: 1, duplicate_check_interval: 1800, bk_username: 'admin', operator: 'admin' },
    ]);
  });

  it('is sent next to the modelled fields of a robot message, chat ids joined', async () => {
    await wework.sendRobot({ msgtype: 'markdown', markdown: { content: 'hi' }, chatid: ['wrA', 'wrB'], extra: { visible_to_user: 'alice' } });
    expect(sandbox().calls[0]?.body).toStrictEqual({ msgtype: 'markdown', markdown: { content: 'hi' }, chatid: 'wrA|wrB', visible_to_user: 'alice' });
  });

  it.each([
    ['a modelled field', { chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, extra: { safe: 1 } }, 'extra.safe', 'give it as safe'],
    ['the message body', { chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, extra: { text: { content: 'other' } } }, 'extra.text', 'give it as text'],
    [
      'the user the client sends',
      { chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, extra: { bk_username: 'mallory' } },
      'extra.bk_username',
      'sent by the client',
    ],
  ])('may not name %s', async (_name, message, field, says) => {
    const error = validationError(await rejection(wework.sendAppchat(message as never)));
    expect(error.fields).toEqual([field]);
    expect(error.message).toContain(says);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('holds JSON values only', async () => {
    const error = validationError(
      await rejection(wework.sendAppchat({ chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, extra: { when: new Date(0) } } as never)),
    );
    expect(error.fields).toEqual(['extra.when']);
    expect(sandbox().calls).toHaveLength(0);
  });
});
