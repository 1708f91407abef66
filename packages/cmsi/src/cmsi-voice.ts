import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { cmsiReceiverShape, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/**
 * `send_voice_msg/` params: `content` is read out (sent as `auto_read_message`, as bklog does).
 * @example { receivers: ['oncall-alice'], content: 'Disk full on web-1' }
 */
export const cmsiVoiceInputSchema = z
  .looseObject({
    ...cmsiReceiverShape,
    /** The text read out; sent as `auto_read_message` (and kept as `content`). */
    content: z.string().optional(),
    /** CMSI's own field for the text; `content` wins when both are given. */
    auto_read_message: z.string().optional(),
    /** Receivers with their phone numbers (accepted by ESB; an alternative to user names). */
    user_list_information: z.array(z.looseObject({ username: z.string(), mobile_phone: z.string().optional() })).optional(),
  })
  .superRefine((params, context) => {
    requireReceiver(params, context, ['user_list_information']);
    if ((params.content ?? params.auto_read_message ?? '').trim() === '') {
      context.addIssue({ code: 'custom', path: ['content'], message: 'is required (the text to read out)' });
    }
  });

/** What `sendVoiceMsg` accepts. */
export type CmsiVoiceInput = z.input<typeof cmsiVoiceInputSchema>;

/** bklog's `before_send_cmsi_voice_msg`: `content` is copied to `auto_read_message`. */
function beforeSendVoice(params: z.output<typeof cmsiVoiceInputSchema>, context: BeforeRequestContext): WireParams {
  const wire = toCmsiWire(params, context);
  if (typeof params.content === 'string' && params.content !== '') wire.auto_read_message = params.content;
  return wire;
}

/** `send_voice_msg/` (POST): a voice call. Not idempotent: never retried once it may have reached CMSI. */
export const cmsiSendVoiceMsgEndpoint = defineEndpoint({
  module: 'cmsi',
  name: 'send_voice_msg',
  description: 'Place a voice call that reads a message out',
  method: 'POST',
  path: 'send_voice_msg/',
  input: cmsiVoiceInputSchema,
  output: cmsiSendResultSchema,
  before: beforeSendVoice,
});
