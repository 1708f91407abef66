import { addEsbInfo, defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { answerObject, APPCHAT_RESERVED_FIELDS, mergeExtra, strictPart, weworkInputObject } from './wework-input.js';
import { weworkBodyAfter } from './wework-wecom-body.js';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/**
 * `create_appchat/` params: a group chat named `name` with `owner` and the users of `userlist`.
 * Strict: an unknown field is a ValidationError naming it; WeCom fields the SDK does not model go
 * in `extra` (sent as given, never over a modelled field).
 */
export const weworkCreateAppchatInputSchema = weworkInputObject(
  {
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
    chatid: z
      .string()
      .regex(/^[0-9A-Za-z]{1,32}$/, 'must be 1 to 32 characters of 0-9, a-z and A-Z (WeCom)')
      .optional(),
  },
  'create_appchat',
  APPCHAT_RESERVED_FIELDS,
);

/** What `createAppchat` accepts. */
export type WeworkCreateAppchatInput = z.input<typeof weworkCreateAppchatInputSchema>;

/**
 * WeCom's body of `create_appchat` (https://developer.work.weixin.qq.com/document/path/90245):
 * `{ errcode, errmsg, chatid }`. Only `chatid` is required — it is what the call returns; the
 * errcode is checked before the schema (`weworkBodyAfter`), and a gateway envelope may carry it
 * outside `data`.
 */
export const weworkCreateAppchatOutputSchema = answerObject({
  errcode: z.number().nullish(),
  errmsg: z.string().nullish(),
  chatid: z.string().min(1),
});

/** WeCom's body of `send_appchat` (https://developer.work.weixin.qq.com/document/path/90248): `errcode` and `errmsg`, neither required. */
export const weworkSendResultSchema = answerObject({
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
const mediaSchema = (where: string) => strictPart({ media_id: nonEmpty }, where);

/** One strict app-chat message: its `msgtype`, its body, `extra` for WeCom fields not modelled. */
function appchatMessage<Shape extends z.ZodRawShape>(shape: Shape, msgtype: string) {
  return weworkInputObject({ chatid: nonEmpty, ...shape }, `a ${msgtype} message of send_appchat`, APPCHAT_RESERVED_FIELDS);
}

/**
 * The WeCom app-chat message types (appchat/send, https://developer.work.weixin.qq.com/document/path/90248),
 * one strict schema each, discriminated by `msgtype`. An unknown field, at the top or inside the
 * body, is a ValidationError naming it; WeCom fields the SDK does not model go in `extra`.
 */
export const weworkAppchatMessageSchema = z.discriminatedUnion('msgtype', [
  appchatMessage({ safe: safeSchema, msgtype: z.literal('text'), text: strictPart({ content: nonEmpty }, 'text') }, 'text'),
  appchatMessage({ msgtype: z.literal('markdown'), markdown: strictPart({ content: nonEmpty }, 'markdown') }, 'markdown'),
  appchatMessage({ safe: safeSchema, msgtype: z.literal('image'), image: mediaSchema('image') }, 'image'),
  appchatMessage({ safe: safeSchema, msgtype: z.literal('voice'), voice: mediaSchema('voice') }, 'voice'),
  appchatMessage(
    {
      safe: safeSchema,
      msgtype: z.literal('video'),
      video: strictPart({ media_id: nonEmpty, title: z.string().optional(), description: z.string().optional() }, 'video'),
    },
    'video',
  ),
  appchatMessage({ safe: safeSchema, msgtype: z.literal('file'), file: mediaSchema('file') }, 'file'),
  appchatMessage(
    {
      safe: safeSchema,
      msgtype: z.literal('textcard'),
      textcard: strictPart({ title: nonEmpty, description: nonEmpty, url: z.url(), btntxt: z.string().optional() }, 'textcard'),
    },
    'textcard',
  ),
  appchatMessage(
    {
      safe: safeSchema,
      msgtype: z.literal('news'),
      news: strictPart(
        {
          articles: z
            .array(strictPart({ title: nonEmpty, description: z.string().optional(), url: z.url().optional(), picurl: z.url().optional() }, 'a news article'))
            .min(1, 'must hold at least one article')
            .max(8, 'holds at most 8 articles'),
        },
        'news',
      ),
    },
    'news',
  ),
  appchatMessage(
    {
      safe: safeSchema,
      msgtype: z.literal('mpnews'),
      mpnews: strictPart(
        {
          articles: z
            .array(
              strictPart(
                {
                  title: nonEmpty,
                  thumb_media_id: nonEmpty,
                  content: nonEmpty,
                  author: z.string().optional(),
                  content_source_url: z.url().optional(),
                  digest: z.string().optional(),
                },
                'an mpnews article',
              ),
            )
            .min(1, 'must hold at least one article')
            .max(8, 'holds at most 8 articles'),
        },
        'mpnews',
      ),
    },
    'mpnews',
  ),
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
  const withInfo: WireParams = addEsbInfo(mergeExtra(params), context);
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
  before: (params, context) => addEsbInfo(mergeExtra(params), context),
  after: weworkBodyAfter('send_appchat'),
});
