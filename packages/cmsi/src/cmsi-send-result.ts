import * as z from 'zod';

/**
 * What CMSI answers to a send (the envelope's `data`). Nothing in it is guaranteed: the legacy
 * ESB's send_mail and send_weixin add `username_check.invalid` (legacy-bk-paas 2.14.69,
 * `toolkit/tools.py` `inject_invalid_usernames`), the community edition and send_sms answer no
 * `data` (`null`), send_voice_msg its provider's answer, and send_msg's documented answer is
 * `data: []` (`apidocs/en/send_msg.md`), returned here as `null`.
 */
export const cmsiSendResultSchema = z
  .union([
    z.looseObject({
      username_check: z.looseObject({ invalid: z.array(z.string()).nullish() }).nullish(),
    }),
    z.array(z.unknown()).transform(() => null),
  ])
  .nullish();

/** What a CMSI send returns: CMSI's `data`, e.g. `{ username_check: { invalid: [] } }`, or null. */
export type CmsiSendResult = z.output<typeof cmsiSendResultSchema>;
