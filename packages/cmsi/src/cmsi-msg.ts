import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { buildAttachments, cmsiAttachmentInputSchema } from './cmsi-attachments.js';
import { cmsiReceiverShape, refuseField, requiredText, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/**
 * `send_msg/` params: a message through any channel CMSI lists in `get_msg_type/` (`msg_type`).
 * The component requires `msg_type`, user names (`receivers` / `receiver__username`), `title`
 * and `content` for every `msg_type`, and reads no `receiver` (legacy-bk-paas
 * `paas2/esb/components/generic/templates/cmsi/send_msg.py`, `Form`): these are checked before
 * sending.
 * @example { receivers: 'alice,bob', msg_type: 'weixin', title: 'Export ready', content: 'Your export has finished' }
 */
export const cmsiMsgInputSchema = z
  .looseObject({
    ...cmsiReceiverShape,
    /** The channel: a `type` from `getMsgType()` (`mail`, `weixin`, `sms`, `voice`, `wecom_robot`...). */
    msg_type: requiredText(),
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
    /** The robot settings CMSI expects with `msg_type: 'wecom_robot'`. */
    wecom_robot: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((params, context) => {
    requireReceiver(params, context, [], ['receivers', 'receiver__username']);
    refuseField(params, context, 'receiver', 'send_msg has no receiver field (the component would drop it): give user names in receivers or receiver__username');
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
