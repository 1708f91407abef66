import * as z from 'zod';

/**
 * What CMSI answers to a send (the envelope's `data`). Nothing in it is guaranteed: the legacy
 * ESB's send_mail and send_weixin add `username_check.invalid` (legacy-bk-paas 2.14.69,
 * `toolkit/tools.py` `inject_invalid_usernames`), the community edition and send_sms answer no
 * `data` (`null`), send_voice_msg its provider's answer (`{ instance_id }` in its docstring), and
 * send_msg's documented answer is `data: []` (`apidocs/en/send_msg.md`), returned here as `null`.
 * The known fields are read; any other field is dropped, so a new one never fails a send.
 */
export const cmsiSendResultSchema = z
  .union([
    z.object({
      /** The user names CMSI did not know (legacy ESB 2.14.69's send_mail, send_sms, send_weixin). */
      username_check: z.object({ invalid: z.array(z.string()).nullish() }).nullish(),
      /** The voice provider's call id (send_voice_msg). */
      instance_id: z.union([z.string(), z.number()]).nullish(),
    }),
    z.array(z.unknown()).transform(() => null),
  ])
  .nullish()
  .transform((data) => data ?? null);

/**
 * What a CMSI send returns: CMSI's `data` with its known fields, e.g.
 * `{ username_check: { invalid: [] } }`, or `null` when CMSI answers none.
 */
export type CmsiSendResult = z.output<typeof cmsiSendResultSchema>;
