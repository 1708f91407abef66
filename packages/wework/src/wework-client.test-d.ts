import { describe, expectTypeOf, it } from 'vitest';
import type { WeworkAppchatMessage, WeworkClient, WeworkCreateAppchatResult, WeworkRobotMessage, WeworkSendResult } from './index.js';
import { createWework, weworkSendAppchatEndpoint } from './index.js';

describe('public types', () => {
  it('createAppchat returns the chat id, sends the WeCom result', () => {
    expectTypeOf<WeworkClient['createAppchat']>().returns.resolves.toEqualTypeOf<WeworkCreateAppchatResult>();
    expectTypeOf<WeworkClient['sendText']>().returns.resolves.toEqualTypeOf<WeworkSendResult>();
  });

  it('the message union is discriminated by msgtype', () => {
    expectTypeOf<{ chatid: string; msgtype: 'text'; text: { content: string } }>().toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt: string } }>().toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'text'; text: { content: string }; safe: 1 }>().toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'text'; markdown: { content: string } }>().not.toExtend<WeworkAppchatMessage>();
    expectTypeOf<{ chatid: string; msgtype: 'text'; text: { content: string }; safe: 2 }>().not.toExtend<WeworkAppchatMessage>();
    expectTypeOf<WeworkAppchatMessage['msgtype']>().toEqualTypeOf<'text' | 'markdown' | 'image' | 'voice' | 'video' | 'file' | 'textcard' | 'news' | 'mpnews'>();
  });

  it('robot messages take chat ids as a string or a list', () => {
    expectTypeOf<{ msgtype: 'markdown'; markdown: { content: string }; chatid: string[] }>().toExtend<WeworkRobotMessage>();
  });

  it('client.call infers the endpoint types', () => {
    const wework = createWework();
    expectTypeOf(wework.client.call(weworkSendAppchatEndpoint, { chatid: 'wr1', msgtype: 'text', text: { content: 'hi' } })).resolves.toEqualTypeOf<WeworkSendResult>();
  });
});
