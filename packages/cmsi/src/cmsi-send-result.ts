import * as z from 'zod';

/**
 * What CMSI answers to a send (the envelope's `data`); it may be empty. Invalid user names are
 * listed in `username_check.invalid` while the valid ones still receive the message.
 */
export const cmsiSendResultSchema = z
  .looseObject({
    username_check: z.looseObject({ invalid: z.array(z.string()).nullish() }).nullish(),
  })
  .nullish();

/** What a CMSI send returns: CMSI's `data`, e.g. `{ username_check: { invalid: [] } }`, or null. */
export type CmsiSendResult = z.output<typeof cmsiSendResultSchema>;
