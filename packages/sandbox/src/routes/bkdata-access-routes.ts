import { Hono } from 'hono';
import type { SandboxEnv } from '../sandbox-env.js';
import type { RouteContext } from '../sandbox-route.js';

/** Placeholder: the routes of this group arrive in a later step. */
export function createBkdataAccessRoutes(_context: RouteContext): Hono<SandboxEnv> {
  return new Hono<SandboxEnv>();
}
