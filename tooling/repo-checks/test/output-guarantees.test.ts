// The output-schema check of issue #14: a client must require only what the upstream server
// guarantees, or a normal success answer is thrown as a ValidationError after the call was sent
// (unify-query's `status,omitempty` was required through a `z.unknown()` key). For every endpoint
// a publishable integration package exports, this walks its output schema and fails on
//   (a) a required key whose schema is `unknown`/`any` (zod 4 requires such a key), and
//   (b) a required key path that the package's `upstream-guarantees.json` does not list,
// and on a guarantees entry (endpoint or path) that no exported schema has any more.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coreType, isZodSchema, requiredKeys } from './output-schema-walk.js';
import { listPublishablePackages } from './workspace.js';
import type { WorkspacePackage } from './workspace.js';

interface ExportedEndpoint {
  /** Where the package exports it: `<subpath> <export name>[.<key>...]`. */
  readonly exportedAs: string;
  readonly key: string;
  readonly output: unknown;
}

interface GuaranteeEntry {
  readonly source: string;
  readonly required: readonly string[];
}

const GUARANTEES_FILE = 'upstream-guarantees.json';

/** The integration packages: every publishable package built on `@x/core-client`. */
function integrationPackages(): WorkspacePackage[] {
  return listPublishablePackages().filter((entry) => {
    const dependencies = entry.manifest.dependencies as Record<string, string> | undefined;
    return dependencies !== undefined && '@x/core-client' in dependencies;
  });
}

/** The JS files of a package's `exports` map (subpath → file), `./package.json` left out. */
function exportedModules(entry: WorkspacePackage): [string, string][] {
  const exportsMap = entry.manifest.exports as Record<string, unknown>;
  const modules: [string, string][] = [];
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const file = typeof target === 'string' ? target : ((target as Record<string, unknown>).default ?? (target as Record<string, unknown>).import);
    if (typeof file === 'string' && /\.(m?js)$/.test(file)) modules.push([subpath, join(entry.directory, file)]);
  }
  return modules;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isEndpoint(value: unknown): value is { kind: 'bk-endpoint'; module: string; name: string; output: unknown } {
  return isPlainObject(value) && value.kind === 'bk-endpoint' && typeof value.module === 'string' && typeof value.name === 'string';
}

/** Every endpoint reachable from a module's exports through plain objects. */
function collectEndpoints(subpath: string, moduleExports: Record<string, unknown>): ExportedEndpoint[] {
  const endpoints: ExportedEndpoint[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, name: string): void => {
    if (!isPlainObject(value) || seen.has(value)) return;
    seen.add(value);
    if (isEndpoint(value)) {
      endpoints.push({ exportedAs: `${subpath} ${name}`, key: `${value.module}.${value.name}`, output: value.output });
      return;
    }
    for (const [key, child] of Object.entries(value)) visit(child, `${name}.${key}`);
  };
  for (const [name, value] of Object.entries(moduleExports)) visit(value, name);
  return endpoints;
}

function readGuarantees(entry: WorkspacePackage): Record<string, GuaranteeEntry> | undefined {
  const file = join(entry.directory, GUARANTEES_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, GuaranteeEntry>;
}

const packages = integrationPackages();

describe('output schemas require only what the upstream guarantees', () => {
  it('finds the integration packages', () => {
    expect(packages.map((entry) => entry.manifest.name)).toEqual(expect.arrayContaining(['@x/wework', '@x/cmsi', '@x/bkdata', '@x/unify-query', '@x/infra']));
  });

  describe.each(packages.map((entry) => [entry.relativeDirectory, entry] as const))('%s', (relativeDirectory, entry) => {
    const guaranteesPath = `${relativeDirectory}/${GUARANTEES_FILE}`;

    const loadEndpoints = async (): Promise<ExportedEndpoint[]> => {
      const endpoints: ExportedEndpoint[] = [];
      for (const [subpath, file] of exportedModules(entry)) {
        if (!existsSync(file))
          throw new Error(`${relativeDirectory}: ${file} is missing; build the package first (./dev --filter ${String(entry.manifest.name)} run build)`);
        const moduleExports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
        endpoints.push(...collectEndpoints(subpath, moduleExports));
      }
      return endpoints;
    };

    it('exports at least one endpoint, each with a zod output schema or none', async () => {
      const endpoints = await loadEndpoints();
      expect(endpoints.length, `${relativeDirectory} exports no endpoint definition`).toBeGreaterThan(0);
      const notSchemas = endpoints
        .filter((endpoint) => endpoint.output !== undefined && !isZodSchema(endpoint.output))
        .map((endpoint) => `${endpoint.key} (${endpoint.exportedAs})`);
      expect(notSchemas, 'output is not a zod 4 schema').toEqual([]);
    });

    it('has no required key whose schema is unknown/any', async () => {
      const problems: string[] = [];
      for (const endpoint of await loadEndpoints()) {
        for (const key of requiredKeys(endpoint.output)) {
          if (key.type === 'unknown' || key.type === 'any') {
            problems.push(
              `${String(entry.manifest.name)} ${endpoint.key} (${endpoint.exportedAs}): key "${key.path}" is z.${key.type}(), which zod 4 REQUIRES — ` +
                `mark it .optional() (or give it a real type the upstream guarantees)`,
            );
          }
        }
      }
      expect([...new Set(problems)], problems.join('\n')).toEqual([]);
    });

    it(`lists every required key path in ${GUARANTEES_FILE}, and nothing that no longer exists`, async () => {
      const endpoints = await loadEndpoints();
      const guarantees = readGuarantees(entry);
      // Required paths per endpoint key; the same key may be exported in several URL forms.
      const requiredByKey = new Map<string, Set<string>>();
      for (const endpoint of endpoints) {
        const paths = requiredByKey.get(endpoint.key) ?? new Set<string>();
        for (const key of requiredKeys(endpoint.output)) paths.add(key.path);
        requiredByKey.set(endpoint.key, paths);
      }
      const problems: string[] = [];
      for (const [key, paths] of requiredByKey) {
        const listed = guarantees?.[key];
        const missing = [...paths].filter((path) => !(listed?.required ?? []).includes(path));
        if (missing.length === 0) continue;
        if (guarantees === undefined) {
          problems.push(
            `${String(entry.manifest.name)} ${key}: requires ${missing.map((path) => `"${path}"`).join(', ')} but ${guaranteesPath} does not exist — create it and list the paths the upstream guarantees (with "source"), or make the keys optional`,
          );
        } else {
          for (const path of missing) {
            problems.push(
              `${String(entry.manifest.name)} ${key}: output requires "${path}", which ${guaranteesPath} does not list for "${key}" — ` +
                `if the upstream guarantees it, add it there (citing the source); otherwise make the key .optional()/.nullish()`,
            );
          }
        }
      }
      for (const [key, listed] of Object.entries(guarantees ?? {})) {
        const paths = requiredByKey.get(key);
        if (paths === undefined) {
          problems.push(
            `${guaranteesPath}: "${key}" is not an endpoint the package exports any more — remove it (exported: ${[...requiredByKey.keys()].join(', ')})`,
          );
          continue;
        }
        if (typeof listed.source !== 'string' || listed.source.trim() === '')
          problems.push(`${guaranteesPath}: "${key}" has no "source" naming the upstream file or doc`);
        if (!Array.isArray(listed.required)) {
          problems.push(`${guaranteesPath}: "${key}".required must be a list of key paths`);
          continue;
        }
        for (const path of listed.required as readonly unknown[]) {
          if (typeof path !== 'string' || !paths.has(path))
            problems.push(`${guaranteesPath}: "${key}" lists ${JSON.stringify(path)}, which its output schema no longer requires — remove it`);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  });
});

describe('the schema walk', () => {
  // A hand-built stand-in for zod 4's internals, so the walk itself is tested without zod here.
  const schema = (def: Record<string, unknown>, optin?: string): unknown => ({ _zod: { def, optin } });
  const string = schema({ type: 'string' });
  const unknown = schema({ type: 'unknown' });
  const optional = (inner: unknown): unknown => schema({ type: 'optional', innerType: inner }, 'optional');

  it('reports required keys with paths through arrays, unions, pipes and wrappers', () => {
    const item = schema({ type: 'object', shape: { id: string, note: optional(string), extra: unknown } });
    const root = schema({
      type: 'object',
      shape: {
        list: schema({ type: 'array', element: item }),
        status: optional(schema({ type: 'object', shape: { code: string } })),
        either: schema({ type: 'union', options: [schema({ type: 'object', shape: { a: string } }), schema({ type: 'object', shape: { b: string } })] }),
        piped: schema({ type: 'pipe', in: schema({ type: 'object', shape: { raw: string } }), out: schema({ type: 'transform' }) }),
      },
    });
    expect(requiredKeys(root)).toEqual([
      { path: 'list', type: 'array' },
      { path: 'list[].id', type: 'string' },
      { path: 'list[].extra', type: 'unknown' },
      { path: 'status.code', type: 'string' },
      { path: 'either', type: 'union' },
      { path: 'either.a', type: 'string' },
      { path: 'either.b', type: 'string' },
      { path: 'piped', type: 'pipe' },
      { path: 'piped.raw', type: 'string' },
    ]);
  });

  it('starts a list answer with []', () => {
    const root = schema({ type: 'array', element: schema({ type: 'object', shape: { cluster_type: string } }) });
    expect(requiredKeys(root)).toEqual([{ path: '[].cluster_type', type: 'string' }]);
  });

  it('sees through wrappers and lazy schemas to the real type', () => {
    expect(coreType(schema({ type: 'nullable', innerType: unknown }))).toBe('unknown');
    expect(coreType(schema({ type: 'lazy', getter: () => string }))).toBe('string');
  });
});
