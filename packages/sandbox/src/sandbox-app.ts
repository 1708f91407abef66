import { Hono } from 'hono';
import { createBkdataAccessRoutes } from './routes/bkdata-access-routes.js';
import { createBkdataDatabusRoutes, createBkdataDatabusV4Routes } from './routes/bkdata-databus-routes.js';
import { createBkdataQueryRoutes } from './routes/bkdata-query-routes.js';
import { createCmsiRoutes } from './routes/cmsi-routes.js';
import { createControlRoutes } from './routes/control-routes.js';
import { createMetadataRoutes } from './routes/metadata-routes.js';
import { createUnifyQueryRoutes } from './routes/unify-query-routes.js';
import { createRobotWebhookRoutes, createWeworkRoutes } from './routes/wework-routes.js';
import { GATEWAY_ERRORS, gatewayError, jsonResponse } from './sandbox-envelope.js';
import type { SandboxEnv } from './sandbox-env.js';
import { createRecorderMiddleware, requestIdMiddleware } from './sandbox-recorder.js';
import { MOUNTS } from './sandbox-roots.js';
import type { RouteContext } from './sandbox-route.js';
import type { SandboxRootSet } from './sandbox-types.js';
import type { SandboxState } from './state/sandbox-state.js';

type RouteFactory = (context: RouteContext) => Hono<SandboxEnv>;

const ROUTE_FACTORIES: Readonly<Record<keyof SandboxRootSet, RouteFactory>> = {
  cmsi: createCmsiRoutes,
  wework: createWeworkRoutes,
  bkdataAccess: createBkdataAccessRoutes,
  bkdataQuery: createBkdataQueryRoutes,
  bkdataDatabus: createBkdataDatabusRoutes,
  bkdataDatabusV4: createBkdataDatabusV4Routes,
  unifyQuery: createUnifyQueryRoutes,
  metadata: createMetadataRoutes,
};

/** Builds the Hono app of a sandbox: control routes, then every integration under its legacy and gateway mounts. */
export function createSandboxApp(state: SandboxState): Hono<SandboxEnv> {
  const context: RouteContext = {
    state,
    services: {
      credentials: { appCode: state.settings.appCode, appSecret: state.settings.appSecret },
      faults: state.faults,
      latencyMs: state.settings.latencyMs,
    },
  };
  const app = new Hono<SandboxEnv>();
  app.use('*', requestIdMiddleware);
  app.use('*', async (c, next) => {
    c.set('answers', state.settings.answers);
    await next();
  });
  app.route('/', createControlRoutes(state));
  const recorder = createRecorderMiddleware(state.calls);
  app.use('/api/*', recorder);
  app.use('/cgi-bin/*', recorder);
  for (const [name, factory] of Object.entries(ROUTE_FACTORIES) as [keyof SandboxRootSet, RouteFactory][]) {
    const routes = factory(context);
    const mount = MOUNTS[name];
    app.route(mount.legacy, routes);
    if (mount.gateway !== mount.legacy) app.route(mount.gateway, routes);
  }
  app.route('/cgi-bin/webhook', createRobotWebhookRoutes(context));
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? gatewayError(c, { ...GATEWAY_ERRORS.notFound, message: `API not found: ${c.req.method} ${c.req.path}` })
      : jsonResponse(c, { error: 'not found', path: c.req.path }, 404),
  );
  app.onError((error, c) => gatewayError(c, { ...GATEWAY_ERRORS.internalError, message: `sandbox internal error: ${error.message}` }));
  return app;
}
