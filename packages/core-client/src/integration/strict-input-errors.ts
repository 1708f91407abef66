import type * as z from 'zod';

/** What an integration's strict inputs call the way to send a wire field the SDK does not model. */
export interface StrictInputErrorsDefinition {
  /**
   * The input field that carries what the SDK does not model, as the caller writes it.
   * @example 'extra'
   */
  readonly escapeHatch: string;
  /**
   * What goes there, as the hint names it: `"<unmodelled> the SDK does not model go in <escapeHatch>"`.
   * @example 'wire fields'
   */
  readonly unmodelled: string;
}

/** The error option of a zod strict object: `z.strictObject(shape, option)`. */
export interface StrictObjectErrorOption {
  /** The text of an unknown-key issue; any other issue keeps zod's own text (`undefined`). */
  readonly error: (issue: z.core.$ZodRawIssue) => string | undefined;
}

/**
 * The error option of one strict object of an integration's inputs.
 * @param where What the object is, after "not a field of": the endpoint (`'send_mail'`) or a
 * nested part (`'an attachment'`).
 * @param hint What to say after "misspelt?"; by default where unmodelled fields go (a nested
 * object without an escape hatch of its own says what it has, or where its fields go instead).
 */
export type StrictInputErrors = (where: string, hint?: string) => StrictObjectErrorOption;

/**
 * The error maps of an integration's strict input objects: an unknown key reads as a misspelling,
 * `not a field of <where> (misspelt? <hint>)`.
 *
 * The text names no key on purpose: a call's validation (`client.call`) turns each unknown key into
 * an issue of its own on the key's path and puts `unknown field "<key>": ` before this text, so a
 * text naming the key would say it twice.
 * @param definition The package's words for its escape hatch.
 * @returns The error option for each strict object, by what the object is.
 * @example
 * const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'wire fields' });
 * const input = z.strictObject({ title: z.string(), extra: extraSchema.optional() }, unknownFields('send_mail'));
 * // { titel: 't' } → 'Parameter validation failed (cmsi.send_mail input): titel: unknown field "titel":
 * //   not a field of send_mail (misspelt? wire fields the SDK does not model go in extra)'
 */
export function strictInputErrors(definition: StrictInputErrorsDefinition): StrictInputErrors {
  const whereUnmodelledFieldsGo = `${definition.unmodelled} the SDK does not model go in ${definition.escapeHatch}`;
  return (where, hint = whereUnmodelledFieldsGo) => {
    const text = `not a field of ${where} (misspelt? ${hint})`;
    return { error: (issue) => (issue.code === 'unrecognized_keys' ? text : undefined) };
  };
}
