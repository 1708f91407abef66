import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkdataCommonShape } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject, unknownPartFields } from '../bkdata-input.js';

/**
 * The clean-debug operators bklog uses, told apart by `type`: JSON decoding, splitting on a
 * delimiter (`max_parts: null` = no limit) and a regular expression with named groups.
 */
export const cleanDebugOperatorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('json_de') }, unknownPartFields('the json_de operator')),
  z.strictObject(
    {
      type: z.literal('split_str'),
      delimiter: z.string().min(1),
      /** bklog always sends `null` (no limit). */
      max_parts: z.number().int().positive().nullable().default(null),
    },
    unknownPartFields('the split_str operator'),
  ),
  z.strictObject({ type: z.literal('regex'), regex: z.string().min(1) }, unknownPartFields('the regex operator')),
]);
/** A clean-debug operator, as given. */
export type BkdataCleanDebugOperator = z.input<typeof cleanDebugOperatorSchema>;

/** One rule of a clean debug. */
export const cleanDebugRuleSchema = z.strictObject(
  {
    /** @default '__raw_data' */
    input_id: z.string().min(1).default('__raw_data'),
    /** @default 'bk_separator_object' */
    output_id: z.string().min(1).default('bk_separator_object'),
    operator: cleanDebugOperatorSchema,
  },
  unknownPartFields('a debug rule'),
);
/** One rule of a clean debug, as given. */
export type BkdataCleanDebugRule = z.input<typeof cleanDebugRuleSchema>;

/** Params of the v4 `clean/debug/` (databus_clean_debug). */
export const debugCleanInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    /** The raw log text to clean. */
    input: z.string(),
    rules: z.array(cleanDebugRuleSchema).min(1),
    /** Filter rules of the v4 databus, as JSON; bklog sends none. @default [] */
    filter_rules: z.array(z.json()).default([]),
  },
  'databus_clean_debug',
);
/** Params of {@link BkdataDatabusCleanDebug.debugClean}. */
export type BkdataDebugCleanParams = z.input<typeof debugCleanInputSchema>;

/**
 * What a clean debug answers: the output of each rule, with its keys. The v4 databus is not in
 * Tencent/bk-base's public tree; this is what bklog reads (`rules_output[].value`, `key_index`,
 * spec §5.3), and only `rules_output` itself is relied on.
 */
export const debugCleanOutputSchema = bkdataOutputObject({
  rules_output: z.array(
    bkdataOutputObject({
      value: z.unknown().optional(),
      key_index: z.array(bkdataOutputObject({ type: z.string().nullish(), value: z.union([z.string(), z.number()]).nullish() })).nullish(),
    }),
  ),
});
/** What {@link BkdataDatabusCleanDebug.debugClean} returns. */
export type BkdataDebugCleanResult = z.output<typeof debugCleanOutputSchema>;

/** The clean-debug endpoint (databus v4), for `client.call`. */
export const bkdataCleanDebugEndpoints = {
  debugClean: defineEndpoint({
    module: 'bkdata',
    name: 'databus_clean_debug',
    description: 'Runs clean rules over one raw log text and returns what each rule extracts.',
    method: 'POST',
    path: 'clean/debug/',
    root: 'databusV4',
    input: debugCleanInputSchema,
    output: debugCleanOutputSchema,
    before: addBkdataUserInfo,
    headerKeys: BKDATA_HEADER_KEYS,
    // bklog sends it as the app's own tenant (BK_APP_TENANT_ID): the debug touches no business data.
    tenant: 'system',
    // A dry run that stores nothing: safe to repeat.
    idempotent: true,
  }),
} as const;
