import type { SandboxRoots, SandboxRootSet } from './sandbox-types.js';

/**
 * Mount points of every integration, relative to the host. `:stage` is any stage name (prod, stag,
 * dev); the roots handed to callers use `prod`. Legacy forms follow bklog's prod.env.yml, gateway
 * forms its APIGW URL builders (spec §0.2, §0.3).
 */
export const MOUNTS = {
  cmsi: { legacy: '/api/c/compapi/v2/cmsi', gateway: '/api/bk-cmsi/:stage/v1' },
  wework: { legacy: '/api/c/compapi/v2/wework', gateway: '/api/bk-wework/:stage' },
  bkdataAccess: { legacy: '/api/c/compapi/data/v3/access', gateway: '/api/bk-base/:stage/v3/access' },
  bkdataQuery: { legacy: '/api/c/compapi/data/v3/queryengine', gateway: '/api/bk-base/:stage/v3/queryengine' },
  bkdataDatabus: { legacy: '/api/c/compapi/data/v3/databus', gateway: '/api/bk-base/:stage/v3/databus' },
  // The legacy v4 root is literally the gateway's prod stage (DATABUS_APIGATEWAY_ROOT_V4).
  bkdataDatabusV4: { legacy: '/api/bk-base/prod/v4/databus', gateway: '/api/bk-base/:stage/v4/databus' },
  unifyQuery: { legacy: '/api/bk-unify-query', gateway: '/api/bk-unify-query' },
  metadata: { legacy: '/api/c/compapi/v2/monitor_v3', gateway: '/api/bk-monitor/:stage/app/metadata' },
} as const satisfies Record<keyof SandboxRootSet, { legacy: string; gateway: string }>;

/** The stage the published gateway roots use. */
export const DEFAULT_STAGE = 'prod';

/** The absolute roots (each ending in `/`) of a sandbox listening at `url`. */
export function buildRoots(url: string, stage = DEFAULT_STAGE): SandboxRoots {
  const build = (form: 'legacy' | 'gateway'): SandboxRootSet => {
    const entries = Object.entries(MOUNTS).map(([name, mount]) => [name, `${url}${mount[form].replace(':stage', stage)}/`] as const);
    return Object.fromEntries(entries) as unknown as SandboxRootSet;
  };
  return { legacy: build('legacy'), gateway: build('gateway') };
}
