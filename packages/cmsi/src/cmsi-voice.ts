import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { absentField, cmsiInputObject, unknownFields } from './cmsi-input.js';
import { cmsiReceiverShape, refuseTogether, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { isPhoneNumber, PHONE_NUMBER_RULE } from './cmsi-rules.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

// send_voice_msg's form has no `receiver` field: it reads `receiver__username` and
// `user_list_information` only (legacy-bk-paas paas2/esb/components/generic/templates/cmsi/send_voice_msg.py).
const { receiver: _receiver, ...voiceReceiverShape } = cmsiReceiverShape;

/**
 * `send_voice_msg/` params: `content` is read out (sent as `auto_read_message`, as bklog does).
 * Receivers are user names (`receivers` / `receiver__username`) or `user_list_information` —
 * not both (the component uses `user_list_information` and drops the user names); there is no
 * `receiver` field for phone numbers. Strict: an unknown field is a ValidationError naming it;
 * unmodelled wire fields go in `extra`.
 * @example { receivers: ['oncall-alice'], content: 'Disk full on web-1' }
 * @example { user_list_information: [{ username: 'alice', mobile_phone: '13800000000' }], content: 'Disk full on web-1' }
 */
export const cmsiVoiceInputSchema = cmsiInputObject(
  {
    ...voiceReceiverShape,
    /** Not a field of send_voice_msg: give user names in `receivers`, or `user_list_information`. */
    receiver: absentField(
      'send_voice_msg has no receiver field (the component would drop it): give user names in receivers, or user_list_information with mobile_phone',
    ),
    /** The text read out; sent as `auto_read_message` (and kept as `content`). */
    content: z.string().optional(),
    /** CMSI's own field for the text; `content` wins when both are given. */
    auto_read_message: z.string().optional(),
    /**
     * Receivers with their phone numbers (digits only, without `+` or a country prefix: the
     * component's `UserListInfoForm` refuses anything but digits). Not together with user names.
     */
    user_list_information: z
      .array(
        z.strictObject(
          { username: z.string(), mobile_phone: z.string().optional() },
          unknownFields('user_list_information', 'it has username and mobile_phone'),
        ),
      )
      .optional(),
  },
  'send_voice_msg',
).superRefine((params, context) => {
  requireReceiver(params, context, ['user_list_information'], ['receivers', 'receiver__username']);
  refuseTogether(
    params,
    context,
    'user_list_information',
    ['receivers', 'receiver__username'],
    'send_voice_msg uses user_list_information and drops the user names',
  );
  for (const [index, user] of (params.user_list_information ?? []).entries()) {
    if (user.mobile_phone !== undefined && user.mobile_phone !== '' && !isPhoneNumber(user.mobile_phone)) {
      context.addIssue({
        code: 'custom',
        path: ['user_list_information', index, 'mobile_phone'],
        message: `"${user.mobile_phone}" is not ${PHONE_NUMBER_RULE}`,
      });
    }
  }
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
