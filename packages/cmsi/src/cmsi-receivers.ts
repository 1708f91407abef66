import { addEsbInfo } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import * as z from 'zod';

/** A list given as an array or a comma-separated string, as bklog callers pass receivers. */
export const cmsiListSchema = z.union([z.string(), z.array(z.string())]);

/** A list given as an array or a comma-separated string. */
export type CmsiList = z.input<typeof cmsiListSchema>;

/** A required, non-empty string field: a missing one is reported as "is required". */
export function requiredText(): z.ZodString {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty');
}

/** Fields every CMSI send accepts. */
export const cmsiReceiverShape = {
  /** User names, as an array or a comma string; sent as `receiver__username` (bklog's `receivers`). */
  receivers: cmsiListSchema.optional(),
  /** User names in CMSI's own field; merged with `receivers`. */
  receiver__username: cmsiListSchema.optional(),
  /**
   * Plain receivers: e-mail addresses (mail), phone numbers (SMS), WeChat user ids (WeChat). Not
   * together with user names: the component would use `receiver` and drop the user names.
   */
  receiver: cmsiListSchema.optional(),
  /** The user CMSI acts for; defaults to the context's user, else the client's `username`. */
  bk_username: z.string().optional(),
  /** The operator CMSI records; defaults to `bk_username`. */
  operator: z.string().optional(),
} as const;

/** The items of a list field, trimmed, without empty ones. */
export function listItems(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

type IssueSink = z.RefinementCtx;

/** Reports a missing receiver on `receivers` when none of the receiver fields (or `extra`) names one. */
export function requireReceiver(
  params: Record<string, unknown>,
  context: IssueSink,
  extraFields: readonly string[] = [],
  fields: readonly string[] = ['receivers', 'receiver__username', 'receiver'],
): void {
  const some =
    fields.some((field) => listItems(params[field]).length > 0) || extraFields.some((field) => Array.isArray(params[field]) && params[field].length > 0);
  if (!some) {
    context.addIssue({
      code: 'custom',
      path: ['receivers'],
      message: `at least one receiver is required (${[...fields, ...extraFields].join(', ')})`,
    });
  }
}

/** Reports every item of a list field that fails `check`. */
export function checkItems(params: Record<string, unknown>, field: string, context: IssueSink, check: (item: string) => boolean, what: string): void {
  for (const item of listItems(params[field])) {
    if (!check(item)) context.addIssue({ code: 'custom', path: [field], message: `"${item}" is not ${what}` });
  }
}

/** Whether a list field (or an array field such as `user_list_information`) holds something. */
export function hasItems(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : listItems(value).length > 0;
}

/**
 * Reports `wins` given together with one of `dropped`: the CMSI component would use `wins` and
 * silently drop the others (e.g. send_mail.py `Form.clean`: `if data["receiver"]:
 * data["receiver__username"] = None`), so what the caller meant cannot be sent in one call.
 */
export function refuseTogether(params: Record<string, unknown>, context: IssueSink, wins: string, dropped: readonly string[], why: string): void {
  if (!hasItems(params[wins])) return;
  for (const field of dropped) {
    if (hasItems(params[field])) {
      context.addIssue({ code: 'custom', path: [field], message: `cannot be combined with ${wins}: ${why}; send them in two calls` });
    }
  }
}

// Sent as comma strings, as bklog sends them on both URL forms.
const listFields = new Set(['receiver', 'cc', 'cc__username']);

function joined(value: unknown): string | undefined {
  const items = [...new Set(listItems(value))];
  return items.length === 0 ? undefined : items.join(',');
}

/**
 * bklog's `before_send_cmsi_api`, then `add_esb_info_before_request`: `receivers` (array or comma
 * string) joins `receiver__username` as one comma string; `receiver`, `cc` and `cc__username` are
 * sent as comma strings; `bk_username` and `operator` are the context's user, else the client's.
 * Unlike bklog, an empty `receiver__username` is left out rather than sent as `""`, and
 * `receivers` is merged into a given `receiver__username` rather than dropped. The fields of
 * `extra` are sent as given, next to the others.
 */
export function toCmsiWire(params: WireParams, context: BeforeRequestContext): WireParams {
  const { extra, ...modelled } = params;
  const wire: WireParams = {};
  for (const [field, value] of Object.entries(modelled)) {
    if (field === 'receivers' || field === 'receiver__username') continue;
    if (listFields.has(field)) {
      const list = joined(value);
      if (list !== undefined) wire[field] = list;
    } else {
      wire[field] = value;
    }
  }
  // `extra` cannot name a modelled field (refused by the input schema), so it adds and never overrides.
  if (extra !== null && typeof extra === 'object') Object.assign(wire, extra);
  const usernames = joined([...listItems(params.receiver__username), ...listItems(params.receivers)]);
  return addEsbInfo(usernames === undefined ? wire : { receiver__username: usernames, ...wire }, context);
}
