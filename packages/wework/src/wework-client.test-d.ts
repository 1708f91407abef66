import { describe, expectTypeOf, it } from 'vitest';
import type {
  WeworkAppchatMessage,
  WeworkClient,
  WeworkCreateAppchatInput,
  WeworkCreateAppchatResult,
  WeworkExtra,
  WeworkRobot,
  WeworkRobotMessage,
  WeworkRobotResult,
  WeworkSendResult,
} from './index.js';
import { weworkSendAppchatEndpoint } from './endpoints.js';
import { createWework } from './index.js';

describe('public types', () => {
  it('createAppchat returns the chat id, sends the WeCom result', () => {
    expectTypeOf<WeworkClient['createAppchat']>().returns.resolves.toEqualTypeOf<WeworkCreateAppchatResult>();
    expectTypeOf<WeworkClient['sendText']>().returns.resolves.toEqualTypeOf<WeworkSendResult>();
  });

  it('the message union is discriminated by msgtype', () => {
    expectTypeOf<{ chatid: string; msgtype: 'text'; text: { content: string } }>().toExtend<WeworkAppchatMessage>();
    expectTypeOf<{
      chatid: string;
      msgtype: 'textcard';
      textcard: { title: string; description: string; url: string; btntxt: string };
    }>().toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'text'; text: { content: string }; safe: 1 }>().toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'text'; markdown: { content: string } }>().not.toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'text'; text: { content: string }; safe: 2 }>().not.toExtend<WeworkAppchatMessage>();
    expectTypeOf<WeworkAppchatMessage['msgtype']>().toEqualTypeOf<
      'text' | 'markdown' | 'image' | 'voice' | 'video' | 'file' | 'textcard' | 'news' | 'mpnews'
    >();
  });

  it('robot messages take chat ids as a string or a list', () => {
    expectTypeOf<{ msgtype: 'markdown'; markdown: { content: string }; chatid: string[] }>().toExtend<WeworkRobotMessage>();
  });

  it('client.call infers the endpoint types', () => {
    const wework = createWework();
    expectTypeOf(
      wework.client.call(weworkSendAppchatEndpoint, { chatid: 'wr1', msgtype: 'text', text: { content: 'hi' } }),
    ).resolves.toEqualTypeOf<WeworkSendResult>();
  });
});

declare const wework: WeworkClient;
declare const robot: WeworkRobot;

describe('strict inputs: a misspelt field is a compile error', () => {
  it('createAppchat', () => {
    // @ts-expect-error userlist, not user_list
    void wework.createAppchat({ name: 'Oncall', user_list: ['alice'] });
    // @ts-expect-error owner, not ower
    void wework.createAppchat({ name: 'Oncall', userlist: ['alice'], ower: 'bob' });
    void wework.createAppchat({ name: 'Oncall', userlist: ['alice'], extra: { chat_type: 1 } });
    expectTypeOf<WeworkCreateAppchatInput>().toHaveProperty('extra').toEqualTypeOf<WeworkExtra | undefined>();
  });

  it('sendAppchat: the top level and the message body', () => {
    // @ts-expect-error safe, not sfae
    void wework.sendAppchat({ chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, sfae: 1 });
    // @ts-expect-error content, not contnet
    void wework.sendAppchat({ chatid: 'wr1', msgtype: 'text', text: { contnet: 'hi' } });
    // @ts-expect-error btntxt, not button_text
    void wework.sendAppchat({ chatid: 'wr1', msgtype: 'textcard', textcard: { title: 't', description: 'd', url: 'https://x.example', button_text: 'Open' } });
    // @ts-expect-error msgtype is one of WeCom's app-chat types
    void wework.sendAppchat({ chatid: 'wr1', msgtype: 'template_card', template_card: {} });
    void wework.sendAppchat({ chatid: 'wr1', msgtype: 'text', text: { content: 'hi' }, extra: { enable_duplicate_check: 1, duplicate_check_interval: 1800 } });
  });

  it('the app-chat shorthands take only their options', () => {
    // @ts-expect-error timeout, not timout
    void wework.sendText('wr1', 'hi', { timout: 5 });
  });

  it('robot messages, through a robot or the client', () => {
    // @ts-expect-error mentioned_list, not mention_list
    void robot.send({ msgtype: 'text', text: { content: 'hi', mention_list: ['@all'] } });
    // @ts-expect-error chatid, not chat_id
    void robot.send({ msgtype: 'markdown', markdown: { content: 'hi' }, chat_id: 'wr1' });
    // @ts-expect-error msgtype is one of the robot types
    void robot.send({ msgtype: 'voice', voice: { media_id: 'M' } });
    // @ts-expect-error chatid, not chat_id
    void wework.sendRobot({ msgtype: 'text', text: { content: 'hi' }, chat_id: 'wr1' });
    // @ts-expect-error chatids, not chatid
    void wework.sendRobotMarkdown({ chatid: ['wr1'], content: 'hi' });
    void wework.sendRobot({
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      msgtype: 'text',
      text: { content: 'hi' },
      extra: { visible_to_user: 'alice' },
    });
  });
});

describe('results without index signatures', () => {
  it('a misspelt result field is a compile error', async () => {
    const sent = await wework.sendText('wr1', 'hi');
    expectTypeOf(sent.errcode).toEqualTypeOf<number | null | undefined>();
    // @ts-expect-error errcode, not err_code
    console.log(sent.err_code);
    const posted = await robot.sendText('hi');
    expectTypeOf(posted.errcode).toEqualTypeOf<number>();
    // @ts-expect-error errmsg, not errmessage
    console.log(posted.errmessage);
    const created = await wework.createAppchat({ name: 'Oncall', userlist: ['alice'] });
    // @ts-expect-error chatid, not chat_id
    console.log(created.chat_id);
    expectTypeOf<WeworkSendResult>().toEqualTypeOf<{ errcode?: number | null | undefined; errmsg?: string | null | undefined }>();
    expectTypeOf<WeworkRobotResult>().toEqualTypeOf<{ errcode: number; errmsg?: string | null | undefined }>();
  });
});
