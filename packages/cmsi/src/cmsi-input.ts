import { strictInputErrors } from '@x/core-client';
import * as z from 'zod';

/** A JSON value, as a field in `extra` may hold it. */
export type CmsiJsonValue = string | number | boolean | null | CmsiJsonValue[] | { [key: string]: CmsiJsonValue };

/**
 * Wire fields the SDK does not model, sent as given next to the modelled ones (e.g. `wx_qy_agentid`
 * of `send_weixin`, or a field a CMSI version adds). A key that is also a modelled field of the
 * call (or the app credentials `bk_app_code` / `bk_app_secret`) is refused with a ValidationError
 * naming `extra.<key>`: give the modelled field instead, so nothing is overridden silently.
 * @example extra: { wx_qy_agentid: '1000002' }
 */
export type CmsiExtra = Record<string, CmsiJsonValue>;

/** The schema of `extra`: JSON values by field name. */
export const cmsiExtraSchema: z.ZodType<CmsiExtra, CmsiExtra> = z.record(z.string(), z.json());

// Never from `extra`: the client sends them (credentialsInBody) from its settings.
const reservedExtraKeys = ['bk_app_code', 'bk_app_secret'];

/**
 * The error option of a strict object: an unknown key reads `unknown field "<key>": not a field
 * of <where> (misspelt? <hint>)`, the hint by default where unmodelled wire fields go.
 * @example z.strictObject(shape, unknownFields('send_mail'))
 */
export const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'wire fields' });

/**
 * A field the component does not read at all: typed as absent (`field?: undefined`), and refused
 * with `why` at run time, naming the field, rather than dropped without a word.
 */
export function absentField(why: string) {
  return z.never({ error: why }).optional();
}

/**
 * A strict CMSI input object: the given fields plus `extra`. An unknown key is an issue that names
 * it (a misspelling is never sent), and a key of `extra` that is a modelled field is refused.
 */
export function cmsiInputObject<Shape extends z.ZodRawShape>(shape: Shape, endpoint: string) {
  const modelled = new Set([...Object.keys(shape), ...reservedExtraKeys]);
  return z.strictObject({ ...shape, extra: cmsiExtraSchema.optional() }, unknownFields(endpoint)).superRefine((params, context) => {
    const extra = (params as { extra?: CmsiExtra | undefined }).extra;
    for (const key of Object.keys(extra ?? {})) {
      if (modelled.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['extra', key],
          message: reservedExtraKeys.includes(key)
            ? 'is sent by the client from its settings (credentialsInBody), not from extra'
            : `is a field of ${endpoint}: give it as ${key}, not in extra`,
        });
      }
    }
  });
}
