import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';
import { cmsiInputObject } from './cmsi-input.js';
import { buildAttachments, cmsiAttachmentInputSchema } from './cmsi-attachments.js';
import { checkItems, cmsiListSchema, cmsiReceiverShape, refuseTogether, requiredText, requireReceiver, toCmsiWire } from './cmsi-receivers.js';
import { isEmailAddress } from './cmsi-rules.js';
import { cmsiSendResultSchema } from './cmsi-send-result.js';

/**
 * `send_mail/` params, in CMSI's wire names (as bklog callers write them). Give user names in
 * `receivers` / `receiver__username`, or e-mail addresses in `receiver` (with
 * `email_type: 'SEND_TO_INTERNET'` for addresses outside the company) — not both, and not `cc`
 * with `cc__username`: the component keeps the addresses and drops the user names
 * (legacy-bk-paas `paas2/esb/components/generic/templates/cmsi/send_mail.py`, `Form.clean`), so
 * such a mix is refused before sending. Strict: an unknown field is a ValidationError naming it;
 * wire fields the SDK does not model go in `extra` (sent as given, never over a modelled field).
 * @example { receivers: ['alice', 'bob'], title: '【日志平台】', content: '<b>done</b>', body_format: 'Html' }
 * @example { receiver: 'ops@example.com', email_type: 'SEND_TO_INTERNET', title: 'Report', content: 'see attachment', attachments: [{ content: '/tmp/report.csv' }] }
 */
export const cmsiMailInputSchema = cmsiInputObject(
  {
    ...cmsiReceiverShape,
    /** The subject. */
    title: requiredText(),
    /** The body: HTML by default, plain text with `body_format: 'Text'`, base64 with `is_content_base64`. */
    content: requiredText(),
    /**
     * The From address, used as given: the component puts it in the `From` header unchanged
     * (`toolkit/send_mail_with_smtp.py`), so a user name is not turned into an address. Left out,
     * the component's configured `mail_sender` is used.
     * @example 'noreply@example.com'
     */
    sender: z.string().optional(),
    /** Carbon-copy e-mail addresses (array or comma string). Not together with `cc__username`. */
    cc: cmsiListSchema.optional(),
    /** Carbon-copy user names (array or comma string). Not together with `cc`. */
    cc__username: cmsiListSchema.optional(),
    /** `Html` (CMSI's default) or `Text`. */
    body_format: z.enum(['Html', 'Text']).optional(),
    /** Whether `content` is base64-encoded (see `base64Content`). */
    is_content_base64: z.boolean().optional(),
    /** Files to attach: bytes or file paths, sent base64-encoded. */
    attachments: z.array(cmsiAttachmentInputSchema).optional(),
    /**
     * `SEND_TO_INTERNET` to mail addresses outside the company (bklog's external receivers, the
     * only value bklog sends). The ESB components of legacy-bk-paas have no such field and ignore it.
     */
    email_type: z.literal('SEND_TO_INTERNET').optional(),
  },
  'send_mail',
).superRefine((params, context) => {
  requireReceiver(params, context);
  refuseTogether(params, context, 'receiver', ['receivers', 'receiver__username'], 'send_mail uses receiver and drops the user names');
  refuseTogether(params, context, 'cc', ['cc__username'], 'send_mail uses cc and drops the user names');
  checkItems(params, 'receiver', context, isEmailAddress, 'an e-mail address');
  checkItems(params, 'cc', context, isEmailAddress, 'an e-mail address');
});

/** What `sendMail` accepts. */
export type CmsiMailInput = z.input<typeof cmsiMailInputSchema>;

async function beforeSendMail(params: z.output<typeof cmsiMailInputSchema>, context: BeforeRequestContext): Promise<WireParams> {
  const { attachments, ...rest } = params;
  const wire = toCmsiWire(rest, context);
  if (attachments !== undefined && attachments.length > 0) wire.attachments = await buildAttachments(attachments, 'send_mail');
  return wire;
}

/** `send_mail/` (POST): an e-mail. Not idempotent: never retried once it may have reached CMSI. */
export const cmsiSendMailEndpoint = defineEndpoint({
  module: 'cmsi',
  name: 'send_mail',
  description: 'Send an e-mail',
  method: 'POST',
  path: 'send_mail/',
  input: cmsiMailInputSchema,
  output: cmsiSendResultSchema,
  before: beforeSendMail,
});
