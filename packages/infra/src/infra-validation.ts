// Input checks and their errors. Free of zod at run time (the schemas are given): the probes and the
// client use it before the schemas have loaded.
import { ValidationError } from '@x/errors';
import type { ValidationIssue } from '@x/errors';
import type * as z from 'zod';

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
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}": ${issue.message}`, code: issue.code }));
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
  return new ValidationError({
    issues: issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code ?? 'custom' })),
    direction: 'input',
    module: 'infra',
    endpoint,
  });
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

/** Validated params with `extra` spread next to the modelled fields (which it can never name). */
export function mergeExtra(params: Record<string, unknown>): Record<string, unknown> {
  const { extra, ...modelled } = params;
  if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(modelled, extra);
  return modelled;
}
