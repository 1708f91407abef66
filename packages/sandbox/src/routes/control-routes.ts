import { Hono } from 'hono';
import { jsonResponse } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import type { SandboxState } from '../state/sandbox-state.js';
import { VERSION } from '../version.js';

/**
 * Routes for people and other processes, not for SDKs: `/healthz`, and read-only JSON views of
 * the outbox and the calls under `/__sandbox/`. No auth, never faulted, never recorded.
 */
export function createControlRoutes(state: SandboxState): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/healthz', (c) => jsonResponse(c, { status: 'ok', name: '@x/sandbox', version: VERSION }));
  app.get('/__sandbox/outbox', (c) => jsonResponse(c, state.outbox));
  app.get('/__sandbox/calls', (c) => jsonResponse(c, state.calls));
  return app;
}
