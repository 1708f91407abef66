// Walks a zod 4 schema through its internals (`schema._zod.def`) without importing zod: the
// schemas come from each package's built dist, which may load its own copy of zod.

/** One key an output schema requires, by its path from the endpoint's data. */
export interface RequiredKey {
  /** Dot-separated from the data: `series[].columns`, `[].cluster_config.cluster_id` for a list. */
  readonly path: string;
  /** The zod type of the key's schema (`string`, `object`, `unknown`, ...). */
  readonly type: string;
}

interface ZodInternals {
  readonly def: Record<string, unknown> & { readonly type: string };
  readonly optin?: string | undefined;
}

function internals(schema: unknown): ZodInternals | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const zod = (schema as { _zod?: unknown })._zod;
  if (typeof zod !== 'object' || zod === null) return undefined;
  const def = (zod as { def?: unknown }).def;
  if (typeof def !== 'object' || def === null || typeof (def as { type?: unknown }).type !== 'string') return undefined;
  return zod as ZodInternals;
}

/** Whether a value is a zod 4 schema. */
export function isZodSchema(value: unknown): boolean {
  return internals(value) !== undefined;
}

/**
 * Whether an object key may be absent: zod 4 marks it on the key's schema as `optin` `'optional'`
 * (`.optional()`, `.nullish()`, `.catch()`) or `'defaulted'` (`.default()`). A key whose schema is
 * `z.unknown()` / `z.any()` has no `optin`: zod 4 requires it.
 */
export function isOptionalKey(schema: unknown): boolean {
  const optin = internals(schema)?.optin;
  return optin === 'optional' || optin === 'defaulted';
}

// Wrappers that describe the same value as their inner type.
const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch', 'success']);

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** The type under wrappers (`optional`, `nullable`, `default`, ...): what the key really holds. */
export function coreType(schema: unknown): string {
  const seen = new Set<unknown>();
  let current = schema;
  for (;;) {
    const zod = internals(current);
    if (zod === undefined) return 'not-a-zod-schema';
    if (seen.has(current)) return zod.def.type;
    seen.add(current);
    if (wrappers.has(zod.def.type)) current = zod.def.innerType;
    else if (zod.def.type === 'lazy') current = (zod.def.getter as () => unknown)();
    else return zod.def.type;
  }
}

/**
 * Every key path an output schema requires, with the type of each. Arrays add `[]`, records `{}`;
 * unions and intersections contribute the keys of each branch; a pipe is walked on its input side
 * (the wire) and on its output side when that is a schema rather than a transform. Keys under an
 * optional parent are listed too: they are required whenever the parent is present.
 */
export function requiredKeys(schema: unknown): RequiredKey[] {
  const found = new Map<string, RequiredKey>();
  const active = new Set<unknown>();
  const walk = (node: unknown, path: string): void => {
    const zod = internals(node);
    if (zod === undefined || active.has(node)) return;
    active.add(node);
    const { def } = zod;
    switch (def.type) {
      case 'object': {
        const shape = def.shape as Record<string, unknown>;
        for (const [key, child] of Object.entries(shape)) {
          const childPath = join(path, key);
          if (!isOptionalKey(child) && !found.has(childPath)) found.set(childPath, { path: childPath, type: coreType(child) });
          walk(child, childPath);
        }
        if (def.catchall !== undefined) walk(def.catchall, join(path, '{}'));
        break;
      }
      case 'array':
        walk(def.element, `${path}[]`);
        break;
      case 'set':
        walk(def.valueType, `${path}[]`);
        break;
      case 'tuple':
        for (const item of def.items as unknown[]) walk(item, `${path}[]`);
        if (def.rest !== undefined && def.rest !== null) walk(def.rest, `${path}[]`);
        break;
      case 'record':
      case 'map':
        walk(def.valueType, join(path, '{}'));
        break;
      case 'union':
        for (const option of def.options as unknown[]) walk(option, path);
        break;
      case 'intersection':
        walk(def.left, path);
        walk(def.right, path);
        break;
      case 'pipe':
        walk(def.in, path);
        if (internals(def.out)?.def.type !== 'transform') walk(def.out, path);
        break;
      case 'lazy':
        walk((def.getter as () => unknown)(), path);
        break;
      default:
        if (wrappers.has(def.type)) walk(def.innerType, path);
    }
    active.delete(node);
  };
  walk(schema, '');
  return [...found.values()];
}
