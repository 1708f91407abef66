import { createBkdata } from '@x/bkdata';
import type { BkdataClient } from '@x/bkdata';
import { chooseTarget, clientTimeouts, commonClientSettings, hasApiHostEnvironment, present } from '@x/cli-kit';
import type { ClientTimeouts, CommonClientSettings, Environment, TargetKind, TargetOptions } from '@x/cli-kit';
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

/** How the command line chose the target, and the time budget of each call. */
export interface LogSearchTargetOptions extends TargetOptions {
  /** `--timeout`: milliseconds a call may take, attempts and waits included (the clients' `totalTimeout`). @default the clients' 90 s */
  readonly timeoutMs?: number | undefined;
}

interface ClientSettings extends CommonClientSettings {
  readonly apiHost: string | undefined;
  readonly unifyQueryRoot: string | undefined;
  readonly gatewayMode: GatewayMode;
}

function createClients(settings: ClientSettings, timeouts: ClientTimeouts): Pick<LogSearchTarget, 'unifyQuery' | 'bkdata'> {
  const common = { appCode: settings.appCode, appSecret: settings.appSecret, username: settings.username, tenantId: settings.tenantId, ...timeouts };
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
 * 4. otherwise nothing: a UsageError naming the variables to set (no silent sandbox).
 *
 * An embedded sandbox is announced by `onNote`. A URL with `user:password@` (`--api-host`,
 * `BK_SANDBOX_URL`, `BK_COMPONENT_API_URL`…, `BKAPP_UNIFYQUERY_APIGATEWAY_ROOT`) is a UsageError
 * naming the setting, never echoing the URL. `timeoutMs` bounds every call (`totalTimeout`, and
 * the per-attempt `timeout` capped at it).
 * @throws UsageError before anything is started or sent
 */
export async function resolveTarget(options: LogSearchTargetOptions, env: Environment, onNote: (note: string) => void): Promise<LogSearchTarget> {
  const choice = chooseTarget(options, env, { hostVariables: [UNIFY_QUERY_ROOT_ENV_VARIABLE] });
  const timeouts = clientTimeouts(options.timeoutMs);
  if (choice.kind === 'sandbox') {
    const clients = createClients(sandboxSettings(choice.apiHost, env), timeouts);
    return { kind: 'sandbox', apiHost: choice.apiHost, sandbox: undefined, ...clients, close: () => closeClients(clients) };
  }
  if (choice.kind === 'blueking') {
    const { apiHost } = choice;
    const clients = createClients(
      {
        ...commonClientSettings(env, false),
        apiHost,
        unifyQueryRoot: present(env[UNIFY_QUERY_ROOT_ENV_VARIABLE]),
        gatewayMode: present(env.BKAPP_USE_APIGW)?.toLowerCase() === 'true' ? 'gateway' : 'legacy',
      },
      timeouts,
    );
    return { kind: 'blueking', apiHost, sandbox: undefined, ...clients, close: () => closeClients(clients) };
  }
  // Loaded only when needed: a run against a deployment or a running sandbox does not pay for it.
  const { startSandbox } = await import('@x/sandbox');
  const sandbox = await startSandbox();
  onNote(
    `${choice.reason}: using an embedded sandbox at ${sandbox.url} (index sets ${sandbox.data.indexSets.map((indexSet) => indexSet.indexSetId).join(', ')}, business 2)`,
  );
  const clients = createClients(sandboxSettings(sandbox.apiHost, {}), timeouts);
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
