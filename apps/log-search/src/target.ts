import { createBkdata } from '@x/bkdata';
import type { BkdataClient } from '@x/bkdata';
import { chooseTarget, commonClientSettings, hasApiHostEnvironment, present } from '@x/cli-kit';
import type { CommonClientSettings, Environment, TargetKind, TargetOptions } from '@x/cli-kit';
import { joinUrl } from '@x/core-client';
import type { GatewayMode } from '@x/core-client';
import type { Sandbox } from '@x/sandbox';
import { createUnifyQuery, UNIFY_QUERY_GATEWAY_PATH, UNIFY_QUERY_ROOT_ENV_VARIABLE } from '@x/unify-query';
import type { UnifyQueryClient } from '@x/unify-query';

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

/** Whether the environment configures a real BlueKing deployment for log-search (an API host or a unify-query root). */
export function hasBluekingEnvironment(env: Environment): boolean {
  return hasApiHostEnvironment(env) || present(env[UNIFY_QUERY_ROOT_ENV_VARIABLE]) !== undefined;
}

interface ClientSettings extends CommonClientSettings {
  readonly apiHost: string | undefined;
  readonly unifyQueryRoot: string | undefined;
  readonly gatewayMode: GatewayMode;
}

function createClients(settings: ClientSettings): Pick<LogSearchTarget, 'unifyQuery' | 'bkdata'> {
  const common = { appCode: settings.appCode, appSecret: settings.appSecret, username: settings.username, tenantId: settings.tenantId };
  return {
    unifyQuery: createUnifyQuery({ ...common, apiHost: settings.apiHost, baseUrl: settings.unifyQueryRoot }),
    bkdata: createBkdata({ ...common, apiHost: settings.apiHost, gatewayMode: settings.gatewayMode, stage: settings.stage }),
  };
}

function sandboxSettings(apiHost: string, env: Environment): ClientSettings {
  return {
    ...commonClientSettings(env, true),
    apiHost,
    // A sandbox serves unify-query under the host; an unrelated BKAPP_UNIFYQUERY_APIGATEWAY_ROOT must not win.
    unifyQueryRoot: joinUrl(apiHost, UNIFY_QUERY_GATEWAY_PATH),
    gatewayMode: present(env.BKAPP_USE_APIGW)?.toLowerCase() === 'false' ? 'legacy' : 'gateway',
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
export async function resolveTarget(options: TargetOptions, env: Environment, onNote: (note: string) => void): Promise<LogSearchTarget> {
  const choice = chooseTarget(options, env, hasBluekingEnvironment);
  if (choice.kind === 'sandbox') {
    const clients = createClients(sandboxSettings(choice.apiHost, env));
    return { kind: 'sandbox', apiHost: choice.apiHost, sandbox: undefined, ...clients, close: () => closeClients(clients) };
  }
  if (choice.kind === 'blueking') {
    const { apiHost } = choice;
    const clients = createClients({
      ...commonClientSettings(env, false),
      apiHost,
      unifyQueryRoot: present(env[UNIFY_QUERY_ROOT_ENV_VARIABLE]),
      gatewayMode: present(env.BKAPP_USE_APIGW)?.toLowerCase() === 'true' ? 'gateway' : 'legacy',
    });
    return { kind: 'blueking', apiHost, sandbox: undefined, ...clients, close: () => closeClients(clients) };
  }
  // Loaded only when needed: a run against a deployment or a running sandbox does not pay for it.
  const { startSandbox } = await import('@x/sandbox');
  const sandbox = await startSandbox();
  onNote(`${choice.reason}: using an embedded sandbox at ${sandbox.url} (index sets ${sandbox.data.indexSets.map((indexSet) => indexSet.indexSetId).join(', ')}, business 2)`);
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
