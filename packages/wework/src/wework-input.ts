import { strictInputErrors } from '@x/core-client';
import type { WireParams } from '@x/core-client';
import * as z from 'zod';

/** A JSON value, as a field in `extra` may hold it. */
export type WeworkJsonValue = string | number | boolean | null | WeworkJsonValue[] | { [key: string]: WeworkJsonValue };

/**
 * WeCom fields the SDK does not model, sent as given next to the modelled ones (e.g. a field a
 * newer WeCom version adds: `enable_id_trans`, `enable_duplicate_check`, `duplicate_check_interval`
 * of appchat/send). A key that is also a modelled field of the message (or one the client sends
 * itself: `bk_username`, `operator` on app chats) is a ValidationError naming `extra.<key>`, so
 * nothing is overridden silently.
 * @example extra: { enable_duplicate_check: 1, duplicate_check_interval: 1800 }
 */
export type WeworkExtra = Record<string, WeworkJsonValue>;

/** The schema of `extra`: JSON values by field name. */
export const weworkExtraSchema: z.ZodType<WeworkExtra, WeworkExtra> = z.record(z.string(), z.json());

/**
 * The error option of a strict object: an unknown key reads `unknown field "<key>": not a field
 * of <where> (misspelt? <hint>)`, the hint by default where unmodelled fields go.
 */
const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'fields' });

/** A strict nested object of a message (`text`, `textcard`, an article...): no `extra` of its own. */
export function strictPart<Shape extends z.ZodRawShape>(shape: Shape, where: string) {
  return z.strictObject(shape, unknownFields(where, 'unmodelled top-level fields go in extra'));
}

/**
 * A strict WeWork input object: the given fields plus `extra`. An unknown key is an issue naming
 * it (a misspelling is never sent), and a key of `extra` that is a modelled field (or one of
 * `reserved`, which the client sends itself) is refused.
 */
export function weworkInputObject<Shape extends z.ZodRawShape>(shape: Shape, where: string, reserved: readonly string[] = []) {
  const modelled = new Set(Object.keys(shape));
  return z.strictObject({ ...shape, extra: weworkExtraSchema.optional() }, unknownFields(where)).superRefine((params, context) => {
    const extra = (params as { extra?: WeworkExtra | undefined }).extra;
    for (const key of Object.keys(extra ?? {})) {
      if (modelled.has(key) || key === 'extra')
        context.addIssue({ code: 'custom', path: ['extra', key], message: `is a field of ${where}: give it as ${key}, not in extra` });
      else if (reserved.includes(key))
        context.addIssue({ code: 'custom', path: ['extra', key], message: `is sent by the client (the call's user), not from extra` });
    }
  });
}

/** The fields the app-chat calls send themselves (`addEsbInfo`): never from `extra`. */
export const APPCHAT_RESERVED_FIELDS = ['bk_username', 'operator', 'bk_app_code', 'bk_app_secret'] as const;

/** Validated params with `extra` spread next to the modelled fields (which it can never name). */
export function mergeExtra(params: WireParams): WireParams {
  const { extra, ...modelled } = params;
  if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(modelled, extra);
  return modelled;
}

/**
 * A lenient answer object: unknown keys are kept at run time (a new WeCom field never breaks a
 * call, and stays in the object), while the type names only the modelled fields — no index
 * signature, so a misspelt field is a compile error.
 */
export function answerObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  return z.looseObject(shape);
}
