import { addEsbInfo, defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { weworkBodyAfter } from './wework-wecom-body.js';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** `create_appchat/` params: a group chat named `name` with `owner` and the users of `userlist`. */
export const weworkCreateAppchatInputSchema = z.looseObject({
  /** The group's name (WeCom allows up to 50 characters). */
  name: nonEmpty,
  /** The owner's user name; defaults to the context's user, else the client's `username`. */
  owner: nonEmpty.optional(),
  /** The members' user names (the owner is added by WeCom). */
  userlist: z.array(nonEmpty).min(1, 'must hold at least one user'),
  /**
   * The chat id to create; WeCom generates one when left out. WeCom takes only up to 32
   * characters of 0-9a-zA-Z (appchat/create, https://developer.work.weixin.qq.com/document/path/90245).
   */
  chatid: z.string().regex(/^[0-9A-Za-z]{1,32}$/, 'must be 1 to 32 characters of 0-9, a-z and A-Z (WeCom)').optional(),
});

/** What `createAppchat` accepts. */
export type WeworkCreateAppchatInput = z.input<typeof weworkCreateAppchatInputSchema>;

/**
 * WeCom's body of `create_appchat` (https://developer.work.weixin.qq.com/document/path/90245):
 * `{ errcode, errmsg, chatid }`. Only `chatid` is required — it is what the call returns; the
 * errcode is checked before the schema (`weworkBodyAfter`), and a gateway envelope may carry it
 * outside `data`.
 */
export const weworkCreateAppchatOutputSchema = z.looseObject({
  errcode: z.number().nullish(),
  errmsg: z.string().nullish(),
  chatid: z.string().min(1),
});

/** WeCom's body of `send_appchat` (https://developer.work.weixin.qq.com/document/path/90248): `errcode` and `errmsg`, neither required. */
export const weworkSendResultSchema = z.looseObject({
  errcode: z.number().nullish(),
  errmsg: z.string().nullish(),
});

/** WeCom's answer to a send: `{ errcode: 0, errmsg: 'ok' }` on success. */
export type WeworkSendResult = z.output<typeof weworkSendResultSchema>;

/** What `createAppchat` returns. */
export interface WeworkCreateAppchatResult {
  /** The id of the new chat, for `sendAppchat`. */
  readonly chatid: string;
}

// `safe: 1` marks a message confidential (WeCom shows a watermark and forbids forwarding).
const safeSchema = z.union([z.literal(0), z.literal(1)]).optional();
const mediaSchema = z.looseObject({ media_id: nonEmpty });

/** The WeCom app-chat message types, one schema each, discriminated by `msgtype`. */
export const weworkAppchatMessageSchema = z.discriminatedUnion('msgtype', [
  z.looseObject({ chatid: nonEmpty, safe: safeSchema, msgtype: z.literal('text'), text: z.looseObject({ content: nonEmpty }) }),
  z.looseObject({ chatid: nonEmpty, msgtype: z.literal('markdown'), markdown: z.looseObject({ content: nonEmpty }) }),
  z.looseObject({ chatid: nonEmpty, safe: safeSchema, msgtype: z.literal('image'), image: mediaSchema }),
  z.looseObject({ chatid: nonEmpty, safe: safeSchema, msgtype: z.literal('voice'), voice: mediaSchema }),
  z.looseObject({
    chatid: nonEmpty,
    safe: safeSchema,
    msgtype: z.literal('video'),
    video: z.looseObject({ media_id: nonEmpty, title: z.string().optional(), description: z.string().optional() }),
  }),
  z.looseObject({ chatid: nonEmpty, safe: safeSchema, msgtype: z.literal('file'), file: mediaSchema }),
  z.looseObject({
    chatid: nonEmpty,
    safe: safeSchema,
    msgtype: z.literal('textcard'),
    textcard: z.looseObject({ title: nonEmpty, description: nonEmpty, url: z.url(), btntxt: z.string().optional() }),
  }),
  z.looseObject({
    chatid: nonEmpty,
    safe: safeSchema,
    msgtype: z.literal('news'),
    news: z.looseObject({
      articles: z
        .array(z.looseObject({ title: nonEmpty, description: z.string().optional(), url: z.url().optional(), picurl: z.url().optional() }))
        .min(1, 'must hold at least one article')
        .max(8, 'holds at most 8 articles'),
    }),
  }),
  z.looseObject({
    chatid: nonEmpty,
    safe: safeSchema,
    msgtype: z.literal('mpnews'),
    mpnews: z.looseObject({
      articles: z
        .array(
          z.looseObject({
            title: nonEmpty,
            thumb_media_id: nonEmpty,
            content: nonEmpty,
            author: z.string().optional(),
            content_source_url: z.url().optional(),
            digest: z.string().optional(),
          }),
        )
        .min(1, 'must hold at least one article')
        .max(8, 'holds at most 8 articles'),
    }),
  }),
]);

/**
 * A message for `sendAppchat`, in WeCom's own shape.
 * @example { chatid: 'wr123', msgtype: 'text', text: { content: 'Hello' } }
 * @example { chatid: 'wr123', msgtype: 'textcard', textcard: { title: 'Alert', description: 'disk full', url: 'https://bk.example.com/alert/1' } }
 */
export type WeworkAppchatMessage = z.input<typeof weworkAppchatMessageSchema>;

/** The WeCom message types `sendAppchat` accepts. */
export type WeworkAppchatMessageType = WeworkAppchatMessage['msgtype'];

function withOwner(params: WireParams, context: BeforeRequestContext): WireParams {
  const withInfo: WireParams = addEsbInfo(params, context);
  // bklog sends the request user as owner; with no user known WeCom picks an owner itself.
  if (withInfo.owner === undefined && typeof withInfo.bk_username === 'string') withInfo.owner = withInfo.bk_username;
  return withInfo;
}

/**
 * `create_appchat/` (POST): creates a WeCom group chat. Not idempotent: never retried once the
 * request may have reached the server.
 */
export const weworkCreateAppchatEndpoint = defineEndpoint({
  module: 'wework',
  name: 'create_appchat',
  description: 'Create a WeCom group chat',
  method: 'POST',
  path: 'create_appchat/',
  input: weworkCreateAppchatInputSchema,
  output: weworkCreateAppchatOutputSchema,
  before: withOwner,
  after: weworkBodyAfter('create_appchat'),
});

/**
 * `send_appchat/` (POST): sends a message to a WeCom group chat. Not idempotent: never retried
 * once the request may have reached the server.
 */
export const weworkSendAppchatEndpoint = defineEndpoint({
  module: 'wework',
  name: 'send_appchat',
  description: 'Send a message to a WeCom group chat',
  method: 'POST',
  path: 'send_appchat/',
  input: weworkAppchatMessageSchema,
  output: weworkSendResultSchema,
  before: addEsbInfo,
  after: weworkBodyAfter('send_appchat'),
});
