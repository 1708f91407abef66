import type { Context } from 'hono';
import type { SandboxEnv } from './sandbox-env.js';

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request's parameters the way a BlueKing component sees them: the query string (first value
 * of each key) overlaid with the fields of an object body. GET endpoints carry everything in the
 * query, POST/PUT/DELETE in the JSON body, and bklog sends path keys in both.
 */
export function readParams(c: Context<SandboxEnv>): Record<string, unknown> {
  const params: Record<string, unknown> = { ...c.req.query() };
  const body = c.get('body');
  if (isRecord(body)) Object.assign(params, body);
  return params;
}

/** A parameter as a trimmed non-empty string, or undefined. Numbers are accepted and stringified. */
export function stringParam(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A parameter as an integer (query strings carry numbers as text), or undefined. */
export function integerParam(params: Record<string, unknown>, key: string): number | undefined {
  const value = params[key];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isInteger(number) ? number : undefined;
}

/** A boolean parameter: true, 'true', 'True', '1'. */
export function booleanParam(params: Record<string, unknown>, key: string): boolean {
  const value = params[key];
  return value === true || value === 1 || (typeof value === 'string' && ['true', '1'].includes(value.toLowerCase()));
}

/** A path parameter (`:name`) of the matched route; handlers are not tied to a typed path, so absent reads as ''. */
export function pathParam(c: Context<SandboxEnv>, name: string): string {
  return c.req.param(name) ?? '';
}
