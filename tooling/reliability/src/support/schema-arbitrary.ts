import * as fc from 'fast-check';
import * as z from 'zod';

/** The JSON Schema subset `z.toJSONSchema` writes for the SDK's input schemas. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly prefixItems?: readonly JsonSchema[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly default?: unknown;
}

/** The input side of a zod schema as JSON Schema; what zod cannot express (custom types) is `{}`. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Arbitraries that replace the generated one at a dotted path (`attachments`, `data.message`). */
export type Overrides = Readonly<Record<string, fc.Arbitrary<unknown>>>;

const text = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  // Graphemes: any Unicode a caller may type (CJK, emoji, combining marks), never a lone surrogate.
  fc.string({ unit: 'grapheme', minLength, maxLength });

function isAny(schema: JsonSchema): boolean {
  return Object.keys(schema).filter((key) => key !== '$schema').length === 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * A fast-check arbitrary of values valid for `schema` — as far as JSON Schema tells; refinements
 * (at least one receiver, an e-mail address) are the caller's `fix` and a final zod filter.
 */
export function arbitraryFor(schema: JsonSchema, overrides: Overrides = {}, path = ''): fc.Arbitrary<unknown> {
  const override = overrides[path];
  if (override !== undefined) return override;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined) {
    const usable = branches.filter((branch) => !isAny(branch));
    if (usable.length === 0) return fc.jsonValue();
    return fc.oneof(...usable.map((branch) => arbitraryFor(branch, overrides, path)));
  }
  if (isAny(schema)) return fc.jsonValue({ maxDepth: 2 });
  const type = typeof schema.type === 'string' ? schema.type : schema.type?.[0];
  switch (type) {
    case 'string': {
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl();
      if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' });
      const minLength = schema.minLength ?? 0;
      return text(minLength, Math.max(minLength, Math.min(schema.maxLength ?? 12, 12)));
    }
    case 'integer': {
      const min = clamp(schema.exclusiveMinimum === undefined ? (schema.minimum ?? -1_000_000) : schema.exclusiveMinimum + 1, -1_000_000_000, 1_000_000_000);
      const max = clamp(schema.exclusiveMaximum === undefined ? (schema.maximum ?? 1_000_000) : schema.exclusiveMaximum - 1, min, 1_000_000_000);
      return fc.integer({ min, max });
    }
    case 'number':
      // -0 has no JSON form: it arrives as 0, which is not a change of value worth reporting.
      return fc
        .double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 })
        .filter((value) => !Object.is(value, -0));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      if (schema.prefixItems !== undefined) return fc.tuple(...schema.prefixItems.map((item, index) => arbitraryFor(item, overrides, `${path}[${index}]`)));
      return fc.array(arbitraryFor(schema.items ?? {}, overrides, `${path}[]`), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0) {
        // A record: string keys (never `__proto__`, which the core drops on purpose) to any value.
        const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
        return fc.dictionary(
          text(1, 8).filter((key) => key !== '__proto__'),
          arbitraryFor(values, overrides, `${path}.*`),
          { maxKeys: 3, noNullPrototype: true },
        );
      }
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(properties)) model[key] = arbitraryFor(property, overrides, path === '' ? key : `${path}.${key}`);
      return fc.record(model, { requiredKeys: [...(schema.required ?? [])], noNullPrototype: true });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The variant of a discriminated union (`oneOf` of objects) a value belongs to, or the schema itself. */
export function variantOf(schema: JsonSchema, value: Record<string, unknown>): JsonSchema {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches === undefined) return schema;
  return (
    branches.find((branch) =>
      Object.entries(branch.properties ?? {}).every(([key, property]) => property.const === undefined || property.const === value[key]),
    ) ?? schema
  );
}

/** Values of the wrong JSON type for a field: whichever of these zod refuses for it. */
export const WRONG_TYPE_CANDIDATES: readonly unknown[] = [12_345, -1.5, true, 'not-the-right-type', { unexpected: 'object' }, ['unexpected', 'array'], null];

/** The zod schema of a top-level field, for objects and for the variant of a discriminated union. */
export function fieldSchema(schema: z.ZodType, value: Record<string, unknown>, field: string): z.ZodType | undefined {
  const def = (schema as { _zod?: { def?: { type?: string; options?: readonly z.ZodType[]; shape?: Record<string, z.ZodType> } } })._zod?.def;
  if (def?.type === 'object') return def.shape?.[field];
  if (def?.type === 'union') {
    for (const option of def.options ?? []) {
      const found = fieldSchema(option, value, field);
      const discriminated = Object.entries((option as { _zod: { def: { shape?: Record<string, z.ZodType> } } })._zod.def.shape ?? {}).every(
        ([key, property]) => {
          const literal = (property as { _zod: { def: { type?: string; values?: readonly unknown[] } } })._zod.def;
          return literal.type !== 'literal' || (literal.values ?? []).includes(value[key]);
        },
      );
      if (found !== undefined && discriminated) return found;
    }
  }
  return undefined;
}
