import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { cmsiInputObject } from './cmsi-input.js';
import { checkItems, cmsiReceiverShape, refuseTogether, requiredText, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { isPhoneNumber, PHONE_NUMBER_RULE } from './cmsi-rules.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/**
 * `send_sms/` params: user names in `receivers` / `receiver__username`, or phone numbers in
 * `receiver` — not both (the component uses `receiver` and drops the user names). Phone numbers
 * are digits only, without `+` or a country prefix: the component accepts nothing else
 * (legacy-bk-paas 2.14.69 `send_sms.py` crashes on `+8613800000000`) and sends every number
 * with country code 86 (`toolkit/tools.py` `group_by_nation_code`). Strict: an unknown field is a
 * ValidationError naming it; unmodelled wire fields go in `extra`.
 * @example { receivers: ['alice'], content: 'disk full on web-1' }
 * @example { receiver: '13800000000', content: 'disk full on web-1' }
 */
export const cmsiSmsInputSchema = cmsiInputObject(
  {
    ...cmsiReceiverShape,
    /** The text. */
    content: requiredText(),
    /** Whether `content` is base64-encoded (see `base64Content`). */
    is_content_base64: z.boolean().optional(),
  },
  'send_sms',
).superRefine((params, context) => {
  requireReceiver(params, context);
  refuseTogether(params, context, 'receiver', ['receivers', 'receiver__username'], 'send_sms uses receiver and drops the user names');
  checkItems(params, 'receiver', context, isPhoneNumber, PHONE_NUMBER_RULE);
});

/** What `sendSms` accepts. */
export type CmsiSmsInput = z.input<typeof cmsiSmsInputSchema>;

/** `send_sms/` (POST): a text message. Not idempotent: never retried once it may have reached CMSI. */
export const cmsiSendSmsEndpoint = defineEndpoint({
  module: 'cmsi',
  name: 'send_sms',
  description: 'Send an SMS',
  method: 'POST',
  path: 'send_sms/',
  input: cmsiSmsInputSchema,
  output: cmsiSendResultSchema,
  before: toCmsiWire,
});
