import { strictInputErrors } from '@x/core-client';
import type { StrictObjectErrorOption, WireParams } from '@x/core-client';
import * as z from 'zod';

/** A JSON value, as a field of `extra` may hold it. */
export type BkdataJsonValue = string | number | boolean | null | readonly BkdataJsonValue[] | { readonly [key: string]: BkdataJsonValue };

/**
 * Wire fields the SDK does not model, sent as given next to the modelled ones (in the query string
 * of a GET, in the JSON body otherwise): the escape hatch for a bk-base field this package does not
 * type yet. A key that is a modelled field of the call, or one the client sends itself
 * (`bk_app_code`, `bk_app_secret`, `no_request`, ...), is refused with a ValidationError naming
 * `extra.<key>`, before anything is sent: nothing is overridden silently.
 * @example
 * await bkdata.access.listRawData({ bk_biz_id: 2, extra: { raw_data_name__icontains: 'nginx' } });
 */
export type BkdataExtra = Readonly<Record<string, BkdataJsonValue>>;

/** The schema of `extra`: JSON values by wire field name. */
export const bkdataExtraSchema: z.ZodType<BkdataExtra, BkdataExtra> = z.record(z.string(), z.json());

// Never from `extra`: the client sends these itself (credentials, the app, bklog's backend flag, the token).
const reservedExtraKeys: Readonly<Record<string, string>> = {
  bk_app_code: 'is sent by the client (its appCode setting), not from extra',
  bk_app_secret: 'is sent by the client (its appSecret setting), not from extra',
  app_code: 'is sent by the client (its appCode setting), not from extra',
  app_secret: 'is sent by the client (its appSecret setting), not from extra',
  bk_token: 'is a secret the client sends from the request context or the call options (bkToken), not from extra',
  access_token: 'is a secret the client sends from the request context or the call options (accessToken), not from extra',
  bkdata_data_token: 'is a secret: give it to query calls as the dataToken option or setting, not in extra',
  no_request: 'is sent by the client where bklog sends it, not from extra',
  'X-Bk-App-Code': 'is a header the client sends (its appCode setting), not a wire field',
  extra: 'cannot be nested',
};

// An unknown key reads `unknown field "<key>": not a field of <where> (misspelt? <hint>)`.
const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'wire fields' });

/**
 * The error option of a strict nested object of a BKData input (`access_raw_data`, a clean field,
 * an operator...), which has no `extra` of its own.
 * @example z.strictObject(shape, unknownPartFields('access_raw_data'))
 */
export const unknownPartFields = (where: string): StrictObjectErrorOption => unknownFields(where, 'unmodelled top-level wire fields go in extra');

/**
 * A strict BKData input object: the given fields plus `extra`. An unknown key is an issue naming
 * it (a misspelling is never sent); a key of `extra` that is a modelled or client-sent field is
 * an issue naming `extra.<key>`. The inferred type has no index signature.
 */
export function bkdataInputObject<Shape extends z.ZodRawShape>(shape: Shape, endpoint: string) {
  const modelled = new Set(Object.keys(shape));
  return z.strictObject({ ...shape, extra: bkdataExtraSchema.optional() }, unknownFields(endpoint)).superRefine((params, context) => {
    const extra = (params as { extra?: BkdataExtra | undefined }).extra;
    for (const key of Object.keys(extra ?? {})) {
      const reserved = Object.hasOwn(reservedExtraKeys, key) ? reservedExtraKeys[key] : undefined;
      if (modelled.has(key) || reserved !== undefined) {
        context.addIssue({ code: 'custom', path: ['extra', key], message: reserved ?? `is a field of ${endpoint}: give it as ${key}, not in extra` });
      }
    }
  });
}

/** The wire params with `extra` merged in beside the modelled fields (which it cannot name). */
export function mergeExtra(params: WireParams): WireParams {
  const { extra, ...modelled } = params;
  if (extra === undefined || extra === null || typeof extra !== 'object') return modelled;
  return { ...(extra as WireParams), ...modelled };
}

/**
 * A lenient output object: unknown keys are kept at run time (a new bk-base field never breaks a
 * client, and logs show it), while the TypeScript type lists the known fields only, without an
 * index signature: a misspelt field is a compile error.
 */
export function bkdataOutputObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  // Typed as a (stripping) object without an index signature; the schema itself keeps unknown keys.
  return z.looseObject(shape);
}
