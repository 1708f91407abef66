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
  const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
    path: issue.path.filter((part): part is string | number => typeof part !== 'symbol'),
    message: issue.message,
    code: issue.code,
  }));
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
