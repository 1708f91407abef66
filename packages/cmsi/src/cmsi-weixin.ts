import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { cmsiInputObject, unknownFields } from './cmsi-input.js';
import { cmsiReceiverShape, refuseTogether, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/** The `data` object CMSI's `send_weixin` reads (apidocs `send_weixin.md`: these five fields). */
export const cmsiWeixinDataSchema = z.strictObject(
  {
    heading: z.string().optional(),
    message: z.string().optional(),
    date: z.string().optional(),
    remark: z.string().optional(),
    is_message_base64: z.boolean().optional(),
  },
  unknownFields('send_weixin data', 'data has heading, message, date, remark and is_message_base64'),
);

/**
 * `send_weixin` params. `title` and `content` become `data: { heading, message }` (bklog's
 * transform; `heading` is used when `title` is empty); `data` may also be given directly, e.g.
 * with `date` and `remark`. `bk_biz_id` selects the tenant through the client's `resolveTenant`;
 * without it the context's tenant is used (bklog fails there). Strict: an unknown field is a
 * ValidationError naming it; unmodelled wire fields (`wx_qy_agentid`, `wx_qy_corpsecret`) go in `extra`.
 * @example { receivers: 'alice', title: '【日志平台】', content: '你创建的归档回溯已经完成', bk_biz_id: 2 }
 */
export const cmsiWeixinInputSchema = cmsiInputObject(
  {
    ...cmsiReceiverShape,
    /** The heading. */
    title: z.string().optional(),
    /** The heading, when `title` is empty. */
    heading: z.string().optional(),
    /** The message text. */
    content: z.string().optional(),
    /** CMSI's own `data`; `title`/`heading` and `content` fill its `heading` and `message`. */
    data: cmsiWeixinDataSchema.optional(),
    /** The business the message is about; its tenant is the request's tenant. */
    bk_biz_id: z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer')]).optional(),
  },
  'send_weixin',
).superRefine((params, context) => {
  requireReceiver(params, context);
  // send_weixin.py Form.clean: `if data["receiver"]: data["receiver__username"] = None`.
  refuseTogether(params, context, 'receiver', ['receivers', 'receiver__username'], 'send_weixin uses receiver and drops the user names');
  if (!nonEmpty(params.content) && !nonEmpty(params.data?.message)) context.addIssue({ code: 'custom', path: ['content'], message: 'is required' });
  if (!nonEmpty(params.title) && !nonEmpty(params.heading) && !nonEmpty(params.data?.heading)) {
    context.addIssue({ code: 'custom', path: ['title'], message: 'is required (or heading)' });
  }
});

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/** What `sendWeixin` accepts. */
export type CmsiWeixinInput = z.input<typeof cmsiWeixinInputSchema>;

/**
 * bklog's `before_send_cmsi_wechat`: `content` → `data.message`, `title` (or `heading`) →
 * `data.heading`; `content`, `title` and `heading` leave the top level. Fields of a given `data`
 * (`date`, `remark`...) are kept, where bklog would replace the whole object.
 */
function beforeSendWeixin(params: z.output<typeof cmsiWeixinInputSchema>, context: BeforeRequestContext): WireParams {
  const { title, heading, content, data, ...rest } = params;
  const wireData: Record<string, unknown> = { ...data };
  if (nonEmpty(content)) wireData.message = content;
  const wireHeading = nonEmpty(title) ? title : nonEmpty(heading) ? heading : undefined;
  if (wireHeading !== undefined) wireData.heading = wireHeading;
  return toCmsiWire({ ...rest, data: wireData }, context);
}

/**
 * `send_weixin` (POST, no trailing slash in either URL form, as bklog calls it): a WeChat
 * message. Tenant from `bk_biz_id` when given. Not idempotent: never retried once it may have
 * reached CMSI.
 */
export const cmsiSendWeixinEndpoint = defineEndpoint({
  module: 'cmsi',
  name: 'send_weixin',
  description: 'Send a WeChat message',
  method: 'POST',
  path: 'send_weixin',
  input: cmsiWeixinInputSchema,
  output: cmsiSendResultSchema,
  before: beforeSendWeixin,
  tenant: { from: 'bk_biz_id' },
});
