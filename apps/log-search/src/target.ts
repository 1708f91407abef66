import { createBkdata } from '@x/bkdata';
import type { BkdataClient } from '@x/bkdata';
import { API_HOST_ENV_VARIABLES, joinUrl } from '@x/core-client';
import type { GatewayMode } from '@x/core-client';
import type { Sandbox } from '@x/sandbox';
import { createUnifyQuery, UNIFY_QUERY_GATEWAY_PATH, UNIFY_QUERY_ROOT_ENV_VARIABLE } from '@x/unify-query';
import type { UnifyQueryClient } from '@x/unify-query';
import type { CliIo } from './cli-io.js';

/** The sandbox's credentials (`startSandbox()` defaults), used for `--api-host` / `BK_SANDBOX_URL` unless the environment gives others. */
export const SANDBOX_APP_CODE = 'bk_sandbox';
export const SANDBOX_APP_SECRET = 'sandbox-secret';

/** The environment variable naming a running standalone sandbox (`x-sandbox --port 8400`). */
export const SANDBOX_URL_ENV_VARIABLE = 'BK_SANDBOX_URL';

/** Where the CLI sends its queries. */
export type TargetKind = 'embedded-sandbox' | 'sandbox' | 'blueking';

/** How the command line chose the target. */
export interface TargetOptions {
  /** `--api-host`: a running sandbox (or any BlueKing API host) at this URL. */
  readonly apiHost?: string | undefined;
  /** `--sandbox`: start an embedded sandbox even when BlueKing settings are in the environment. */
  readonly sandbox?: boolean | undefined;
}

/** The clients of one CLI run and what they talk to. */
export interface LogSearchTarget {
  readonly kind: TargetKind;
  /** The API host, when known (a real deployment may configure only roots). */
  readonly apiHost: string | undefined;
  readonly unifyQuery: UnifyQueryClient;
  readonly bkdata: BkdataClient;
  /** The embedded sandbox, when one was started. */
  readonly sandbox: Sandbox | undefined;
  /** Closes the clients and an embedded sandbox. */
  close(): Promise<void>;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function firstPresent(env: CliIo['env'], names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = present(env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Whether the environment configures a real BlueKing deployment for log-search. */
export function hasBluekingEnvironment(env: CliIo['env']): boolean {
  return firstPresent(env, [...API_HOST_ENV_VARIABLES, UNIFY_QUERY_ROOT_ENV_VARIABLE]) !== undefined;
}

interface ClientSettings {
  readonly apiHost: string | undefined;
  readonly unifyQueryRoot: string | undefined;
  readonly appCode: string | undefined;
  readonly appSecret: string | undefined;
  readonly gatewayMode: GatewayMode;
  readonly stage: string | undefined;
  readonly username: string;
  readonly tenantId: string | undefined;
}

function createClients(settings: ClientSettings): Pick<LogSearchTarget, 'unifyQuery' | 'bkdata'> {
  const common = { appCode: settings.appCode, appSecret: settings.appSecret, username: settings.username, tenantId: settings.tenantId };
  return {
    unifyQuery: createUnifyQuery({ ...common, apiHost: settings.apiHost, baseUrl: settings.unifyQueryRoot }),
    bkdata: createBkdata({ ...common, apiHost: settings.apiHost, gatewayMode: settings.gatewayMode, stage: settings.stage }),
  };
}

function sandboxSettings(apiHost: string, env: CliIo['env']): ClientSettings {
  return {
    apiHost,
    // A sandbox serves unify-query under the host; an unrelated BKAPP_UNIFYQUERY_APIGATEWAY_ROOT must not win.
    unifyQueryRoot: joinUrl(apiHost, UNIFY_QUERY_GATEWAY_PATH),
    appCode: firstPresent(env, ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID']) ?? SANDBOX_APP_CODE,
    appSecret: firstPresent(env, ['BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN']) ?? SANDBOX_APP_SECRET,
    gatewayMode: present(env.BKAPP_USE_APIGW)?.toLowerCase() === 'false' ? 'legacy' : 'gateway',
    stage: present(env.BKPAAS_ENVIRONMENT),
    username: present(env.BK_USERNAME) ?? 'admin',
    tenantId: present(env.BK_TENANT_ID),
  };
}

/**
 * Chooses where the CLI sends its queries, in this order:
 * 1. `--sandbox`: an embedded sandbox started in this process;
 * 2. `--api-host <url>`, else `BK_SANDBOX_URL`: a running sandbox (credentials from the
 *    environment, else the sandbox's);
 * 3. BlueKing settings in the environment (`BK_COMPONENT_API_URL`, `BK_PAAS_INNER_HOST`,
 *    `BK_PAAS_HOST` or `BKAPP_UNIFYQUERY_APIGATEWAY_ROOT`, with `BK_APP_CODE`, `BK_APP_SECRET`,
 *    `BKAPP_USE_APIGW`, `BKPAAS_ENVIRONMENT`): that deployment;
 * 4. otherwise an embedded sandbox, announced by `onNote`.
 */
export async function resolveTarget(options: TargetOptions, env: CliIo['env'], onNote: (note: string) => void): Promise<LogSearchTarget> {
  const explicitHost = present(options.apiHost) ?? (options.sandbox === true ? undefined : present(env[SANDBOX_URL_ENV_VARIABLE]));
  if (options.sandbox !== true && explicitHost !== undefined) {
    const clients = createClients(sandboxSettings(explicitHost, env));
    return { kind: 'sandbox', apiHost: explicitHost, sandbox: undefined, ...clients, close: () => closeClients(clients) };
  }
  if (options.sandbox !== true && hasBluekingEnvironment(env)) {
    const apiHost = firstPresent(env, API_HOST_ENV_VARIABLES);
    const clients = createClients({
      apiHost,
      unifyQueryRoot: present(env[UNIFY_QUERY_ROOT_ENV_VARIABLE]),
      appCode: firstPresent(env, ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID']),
      appSecret: firstPresent(env, ['BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN']),
      gatewayMode: present(env.BKAPP_USE_APIGW)?.toLowerCase() === 'true' ? 'gateway' : 'legacy',
      stage: present(env.BKPAAS_ENVIRONMENT),
      username: present(env.BK_USERNAME) ?? 'admin',
      tenantId: present(env.BK_TENANT_ID),
    });
    return { kind: 'blueking', apiHost, sandbox: undefined, ...clients, close: () => closeClients(clients) };
  }
  // Loaded only when needed: a run against a deployment or a running sandbox does not pay for it.
  const { startSandbox } = await import('@x/sandbox');
  const sandbox = await startSandbox();
  const reason = options.sandbox === true ? '--sandbox given' : `no BlueKing host in the environment (${API_HOST_ENV_VARIABLES[0]})`;
  onNote(`${reason}: using an embedded sandbox at ${sandbox.url} (index sets ${sandbox.data.indexSets.map((indexSet) => indexSet.indexSetId).join(', ')}, business 2)`);
  const clients = createClients(sandboxSettings(sandbox.apiHost, {}));
  return {
    kind: 'embedded-sandbox',
    apiHost: sandbox.apiHost,
    sandbox,
    ...clients,
    close: async () => {
      await closeClients(clients);
      await sandbox.close();
    },
  };
}

async function closeClients(clients: Pick<LogSearchTarget, 'unifyQuery' | 'bkdata'>): Promise<void> {
  await Promise.all([clients.unifyQuery.close(), clients.bkdata.close()]);
}
