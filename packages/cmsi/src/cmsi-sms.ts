import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { checkItems, cmsiReceiverShape, isPhoneNumber, requiredText, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/**
 * `send_sms/` params: user names in `receivers` / `receiver__username`, or phone numbers in
 * `receiver` (digits with an optional `+country` prefix, 5–20 characters).
 * @example { receivers: ['alice'], content: 'disk full on web-1' }
 * @example { receiver: '+8613800000000', content: 'disk full on web-1' }
 */
export const cmsiSmsInputSchema = z
  .looseObject({
    ...cmsiReceiverShape,
    /** The text. */
    content: requiredText(),
    /** Whether `content` is base64-encoded (see `base64Content`). */
    is_content_base64: z.boolean().optional(),
  })
  .superRefine((params, context) => {
    requireReceiver(params, context);
    checkItems(params, 'receiver', context, isPhoneNumber, 'a phone number (digits, optional +country, 5-20 characters)');
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
