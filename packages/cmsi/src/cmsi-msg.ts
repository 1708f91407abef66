import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { absentField, cmsiInputObject } from './cmsi-input.js';
import { buildAttachments, cmsiAttachmentInputSchema } from './cmsi-attachments.js';
import { cmsiListSchema, cmsiReceiverShape, requiredText, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { CMSI_MSG_TYPES } from './cmsi-rules.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/**
 * `send_msg/` params: a message through any channel CMSI lists in `get_msg_type/` (`msg_type`).
 * The component requires `msg_type`, user names (`receivers` / `receiver__username`), `title`
 * and `content` for every `msg_type`, and reads no `receiver` (legacy-bk-paas
 * `paas2/esb/components/generic/templates/cmsi/send_msg.py`, `Form`): these are checked before
 * sending. Strict: an unknown field is a ValidationError naming it; unmodelled wire fields
 * (`wx_qy_agentid`, `wx_qy_corpsecret`, a gateway's `wecom_robot`...) go in `extra`.
 * @example { receivers: 'alice,bob', msg_type: 'weixin', title: 'Export ready', content: 'Your export has finished' }
 */
export const cmsiMsgInputSchema = cmsiInputObject(
  {
    ...cmsiReceiverShape,
    /** Not a field of send_msg: give user names in `receivers` or `receiver__username`. */
    receiver: absentField('send_msg has no receiver field (the component would drop it): give user names in receivers or receiver__username'),
    /**
     * The channel: `mail`, `weixin`, `sms` or `voice`, the component's `msg_type_map`
     * (legacy-bk-paas `toolkit/configs.py`); it answers "Unsupported type of msg type" for any other.
     */
    msg_type: z.enum(CMSI_MSG_TYPES, {
      error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${CMSI_MSG_TYPES.join(', ')} (send_msg's msg_type_map)`),
    }),
    /** The body. */
    content: requiredText(),
    /** The title; required by the component for every `msg_type` (the mail subject, the WeChat heading). */
    title: requiredText(),
    /** The sender. */
    sender: z.string().optional(),
    /** Whether `content` is base64-encoded (see `base64Content`). */
    is_content_base64: z.boolean().optional(),
    /** Files to attach (mail): bytes or file paths, sent base64-encoded. */
    attachments: z.array(cmsiAttachmentInputSchema).optional(),
    /** Carbon-copy user names (array or comma string), for `msg_type: 'mail'`. */
    cc__username: cmsiListSchema.optional(),
    /** `Html` (CMSI's default) or `Text`, for `msg_type: 'mail'`. */
    body_format: z.enum(['Html', 'Text']).optional(),
    /** The sending time shown, `YYYY-mm-dd HH:MM`, for `msg_type: 'weixin'`. */
    date: z.string().optional(),
    /** The trailing text, for `msg_type: 'weixin'`. */
    remark: z.string().optional(),
  },
  'send_msg',
).superRefine((params, context) => {
  requireReceiver(params, context, [], ['receivers', 'receiver__username']);
});

/** What `sendMsg` accepts. */
export type CmsiMsgInput = z.input<typeof cmsiMsgInputSchema>;

async function beforeSendMsg(params: z.output<typeof cmsiMsgInputSchema>, context: BeforeRequestContext): Promise<WireParams> {
  const { attachments, ...rest } = params;
  const wire = toCmsiWire(rest, context);
  if (attachments !== undefined && attachments.length > 0) wire.attachments = await buildAttachments(attachments, 'send_msg');
  return wire;
}

/** `send_msg/` (POST): a message by `msg_type`. Not idempotent: never retried once it may have reached CMSI. */
export const cmsiSendMsgEndpoint = defineEndpoint({
  module: 'cmsi',
  name: 'send_msg',
  description: 'Send a message through a CMSI channel chosen by msg_type',
  method: 'POST',
  path: 'send_msg/',
  input: cmsiMsgInputSchema,
  output: cmsiSendResultSchema,
  before: beforeSendMsg,
});
