import { defineEndpoint } from '@x/core-client';
import type { WireParams } from '@x/core-client';
import * as z from 'zod';
import { answerObject, mergeExtra, strictPart, weworkInputObject } from './wework-input.js';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** The chats a robot message goes to: one chat id, several, or `'id1|id2'` as WeCom takes them. */
const chatidSchema = z.union([nonEmpty, z.array(nonEmpty).min(1, 'must hold at least one chat id')]).optional();

/** One strict robot message: its `msgtype`, its body, `extra` for WeCom fields not modelled. */
function robotMessage<Shape extends z.ZodRawShape>(shape: Shape, msgtype: string) {
  return weworkInputObject({ chatid: chatidSchema, ...shape }, `a ${msgtype} message of the group robot`);
}

/**
 * The group-robot message types (https://developer.work.weixin.qq.com/document/path/91770), one
 * strict schema each, discriminated by `msgtype`. An unknown field, at the top or inside the body,
 * is a ValidationError naming it; WeCom fields the SDK does not model go in `extra`.
 */
export const weworkRobotMessageSchema = z.discriminatedUnion('msgtype', [
  robotMessage(
    {
      msgtype: z.literal('text'),
      text: strictPart({ content: nonEmpty, mentioned_list: z.array(z.string()).optional(), mentioned_mobile_list: z.array(z.string()).optional() }, 'text'),
    },
    'text',
  ),
  robotMessage({ msgtype: z.literal('markdown'), markdown: strictPart({ content: nonEmpty }, 'markdown') }, 'markdown'),
  robotMessage({ msgtype: z.literal('image'), image: strictPart({ base64: nonEmpty, md5: nonEmpty }, 'image') }, 'image'),
  robotMessage(
    {
      msgtype: z.literal('news'),
      news: strictPart(
        {
          articles: z
            .array(strictPart({ title: nonEmpty, url: z.url(), description: z.string().optional(), picurl: z.url().optional() }, 'a news article'))
            .min(1, 'must hold at least one article')
            .max(8, 'holds at most 8 articles'),
        },
        'news',
      ),
    },
    'news',
  ),
  robotMessage({ msgtype: z.literal('file'), file: strictPart({ media_id: nonEmpty }, 'file') }, 'file'),
]);

/**
 * A group-robot message in WeCom's shape; `chatid` may be a list (sent as `'id1|id2'`).
 * @example { msgtype: 'markdown', markdown: { content: '**disk full** on <font color="warning">web-1</font>' }, chatid: ['wr1', 'wr2'] }
 */
export type WeworkRobotMessage = z.input<typeof weworkRobotMessageSchema>;

/**
 * WeCom's answer to a robot message (https://developer.work.weixin.qq.com/document/path/91770):
 * `{ errcode: 0, errmsg: 'ok' }`. `errcode` is required: WeCom always sends it, and it is the
 * only sign of success on this raw (envelope-less) answer.
 */
export const weworkRobotResultSchema = answerObject({ errcode: z.number(), errmsg: z.string().nullish() });

/** What a robot send returns. */
export type WeworkRobotResult = z.output<typeof weworkRobotResultSchema>;

function joinChatids(validated: WireParams): WireParams {
  const params = mergeExtra(validated);
  const chatid = params.chatid;
  if (Array.isArray(chatid)) return { ...params, chatid: chatid.join('|') };
  return params;
}

/**
 * The group-robot webhook send (POST to the webhook URL itself). The answer is WeCom's raw body:
 * success only when `errcode == 0`, else an ApiResultError with WeCom's `errcode` as `code` and
 * `errmsg` as message. Not idempotent, and sent without BlueKing credentials: the webhook's `key`
 * is its only authentication.
 */
export const weworkRobotSendEndpoint = defineEndpoint({
  module: 'wework',
  name: 'robot_send',
  description: 'Send a message through a WeCom group-robot webhook',
  method: 'POST',
  path: '',
  input: weworkRobotMessageSchema,
  output: weworkRobotResultSchema,
  before: joinChatids,
  envelope: 'none',
  authenticate: false,
});
