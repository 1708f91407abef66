import { ValidationError } from '@x/errors';
import type { ValidationIssue } from '@x/errors';
import * as z from 'zod';

/**
 * Parses `value` with `schema`; a failure is a ValidationError naming every field, thrown before
 * anything leaves the process. Zod's messages never echo the value, so no password leaks here.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, endpoint: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.error.issues.flatMap((issue): ValidationIssue[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    // One issue per unknown key, on the key's own path, as @x/core-client reports them.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}": ${issue.message}`, code: issue.code }));
    return [{ path, message: issue.message, code: issue.code }];
  });
  throw new ValidationError({ issues, direction: 'input', module: 'infra', endpoint });
}

/** A ValidationError about one field, for checks zod cannot express (a duplicate cluster...). */
export function fieldError(endpoint: string, path: readonly (string | number)[], message: string, code = 'custom'): ValidationError {
  return new ValidationError({ issues: [{ path, message, code }], direction: 'input', module: 'infra', endpoint });
}

/** A ValidationError with several field issues. */
export function issuesError(endpoint: string, issues: readonly { path: readonly (string | number)[]; message: string; code?: string }[]): ValidationError {
  return new ValidationError({ issues: issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code ?? 'custom' })), direction: 'input', module: 'infra', endpoint });
}

/** A JSON value, as a field in `extra` may hold it. */
export type InfraJsonValue = string | number | boolean | null | InfraJsonValue[] | { [key: string]: InfraJsonValue };

/**
 * Metadata fields the SDK does not model, sent as given next to the modelled ones (e.g.
 * `custom_label` of `modify_cluster_info`, `label` or `default_settings` of `create_cluster_info`,
 * or a field a newer bkmonitor adds). A key that is a modelled field (a wire field of the
 * endpoint, or one the helper sends itself) is a ValidationError naming `extra.<key>`, so
 * nothing is overridden silently.
 * @example extra: { custom_label: 'rack-3' }
 */
export type InfraExtra = Record<string, InfraJsonValue>;

/** The schema of `extra`: JSON values by field name. */
export const infraExtraSchema: z.ZodType<InfraExtra, InfraExtra> = z.record(z.string(), z.json());

/**
 * The error option of a strict object: an unknown key is reported as a misspelling, with where
 * unmodelled fields go. Each unknown key becomes an issue of its own on its path, its message
 * `unknown field "<key>": ` and this text (the core's rule, followed by `parseInput` here too).
 */
export function unknownFields(where: string, hint = 'fields the SDK does not model go in extra'): { error: (issue: z.core.$ZodRawIssue) => string | undefined } {
  return {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `not a field of ${where} (misspelt? ${hint})` : undefined,
  };
}

/** A strict nested object (`auth_info`, `hotWarm`, `setup`...): no `extra` of its own. */
export function strictPart<Shape extends z.ZodRawShape>(shape: Shape, where: string) {
  return z.strictObject(shape, unknownFields(where, 'unmodelled fields go in the top-level extra'));
}

/**
 * A strict input object: the given fields plus `extra`. An unknown key is an issue naming it (a
 * misspelling is never sent), and a key of `extra` that is a modelled field — of `shape`, or one
 * of `reserved` (what the call sends itself) — is refused.
 */
export function strictInput<Shape extends z.ZodRawShape>(shape: Shape, where: string, reserved: readonly string[] = []) {
  const modelled = new Set([...Object.keys(shape), ...reserved]);
  return z.strictObject({ ...shape, extra: infraExtraSchema.optional() }, unknownFields(where)).superRefine((params, context) => {
    checkExtra((params as { extra?: InfraExtra | undefined }).extra, modelled, where, context);
  });
}

/** Reports every key of `extra` that is in `modelled`. */
export function checkExtra(extra: InfraExtra | undefined, modelled: ReadonlySet<string>, where: string, context: { addIssue: (issue: { code: 'custom'; path: (string | number)[]; message: string }) => void }): void {
  for (const key of Object.keys(extra ?? {})) {
    if (modelled.has(key) || key === 'extra') context.addIssue({ code: 'custom', path: ['extra', key], message: `is a field of ${where} (or sent by it): give it as a field, not in extra` });
  }
}

/** Validated params with `extra` spread next to the modelled fields (which it can never name). */
export function mergeExtra(params: Record<string, unknown>): Record<string, unknown> {
  const { extra, ...modelled } = params;
  if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(modelled, extra);
  return modelled;
}

/**
 * A lenient answer object: unknown keys are kept at run time (a new metadata field never breaks a
 * call, and stays in the object), while the type names only the modelled fields — no index
 * signature, so a misspelt field is a compile error.
 */
export function answerObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  return z.looseObject(shape);
}
