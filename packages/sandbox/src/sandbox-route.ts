import type { Context, Handler } from 'hono';
import { checkAuthorization } from './sandbox-auth.js';
import type { SandboxCredentials } from './sandbox-auth.js';
import { gatewayError } from './sandbox-envelope.js';
import type { SandboxEnv } from './sandbox-env.js';
import { playFault } from './sandbox-fault-responses.js';
import type { FaultRegistry } from './sandbox-faults.js';
import type { SandboxState } from './state/sandbox-state.js';

/** What every BlueKing route needs besides its own state. */
export interface RouteServices {
  readonly credentials: SandboxCredentials;
  readonly faults: FaultRegistry;
  readonly latencyMs: number;
}

/** The body of one route: it answers after auth and faults are dealt with. */
export type RouteBody = (c: Context<SandboxEnv>) => Response | Promise<Response>;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Wraps a route body with what the gateway does before a component runs: names the recorded call,
 * adds the configured latency, plays a fault if one hits, then checks `X-Bkapi-Authorization`
 * (unless `authenticate` is false, as for the WeCom webhook, which checks its own key).
 */
export function blueKingRoute(services: RouteServices, name: string, body: RouteBody, options: { authenticate?: boolean } = {}): Handler<SandboxEnv> {
  const authenticate = options.authenticate ?? true;
  const run = async (c: Context<SandboxEnv>): Promise<Response> => {
    if (authenticate) {
      const error = checkAuthorization(c.req.header('x-bkapi-authorization'), services.credentials);
      if (error !== undefined) return gatewayError(c, error);
    }
    return body(c);
  };
  return async (c) => {
    const call = c.get('call');
    if (call !== undefined) call.route = name;
    if (services.latencyMs > 0) await sleep(services.latencyMs);
    const fault = services.faults.draw(c.req.path);
    if (fault === undefined) return run(c);
    const answered = await playFault(c, fault, async () => {
      c.res = await run(c);
    });
    return answered ?? c.res;
  };
}

/** What a route module is built from. */
export interface RouteContext {
  readonly services: RouteServices;
  readonly state: SandboxState;
}
