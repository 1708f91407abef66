// The zod building blocks of the strict inputs and lenient answers. Loaded with the schemas, on
// first use (or by `@x/infra/endpoints`), never by importing the package root.
import { strictInputErrors } from '@x/core-client';
import * as z from 'zod';
import type { InfraExtra } from './infra-validation.js';

/** The schema of `extra`: JSON values by field name. */
export const infraExtraSchema: z.ZodType<InfraExtra, InfraExtra> = z.record(z.string(), z.json());

/**
 * The error option of a strict object: an unknown key reads `unknown field "<key>": not a field
 * of <where> (misspelt? <hint>)`, the hint by default where unmodelled fields go (`parseInput`
 * puts the key first as the core does).
 */
export const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'fields' });

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
export function checkExtra(
  extra: InfraExtra | undefined,
  modelled: ReadonlySet<string>,
  where: string,
  context: { addIssue: (issue: { code: 'custom'; path: (string | number)[]; message: string }) => void },
): void {
  for (const key of Object.keys(extra ?? {})) {
    if (modelled.has(key) || key === 'extra')
      context.addIssue({ code: 'custom', path: ['extra', key], message: `is a field of ${where} (or sent by it): give it as a field, not in extra` });
  }
}

/**
 * A lenient answer object: unknown keys are kept at run time (a new metadata field never breaks a
 * call, and stays in the object), while the type names only the modelled fields — no index
 * signature, so a misspelt field is a compile error.
 */
export function answerObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  return z.looseObject(shape);
}
