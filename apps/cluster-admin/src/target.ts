import { API_HOST_ENV_VARIABLES } from '@x/core-client';
import type { GatewayMode } from '@x/core-client';
import { createInfra } from '@x/infra';
import type { InfraClient } from '@x/infra';
import type { Sandbox } from '@x/sandbox';
import type { CliIo } from './cli-io.js';

/** The sandbox's credentials (`startSandbox()` defaults), used for `--api-host` / `BK_SANDBOX_URL` unless the environment gives others. */
export const SANDBOX_APP_CODE = 'bk_sandbox';
export const SANDBOX_APP_SECRET = 'sandbox-secret';

/** The environment variable naming a running standalone sandbox (`x-sandbox --port 8400`). */
export const SANDBOX_URL_ENV_VARIABLE = 'BK_SANDBOX_URL';

/** Where the CLI registers clusters. */
export type TargetKind = 'embedded-sandbox' | 'sandbox' | 'blueking';

/** How the command line chose the target. */
export interface TargetOptions {
  /** `--api-host`: a running sandbox (or any BlueKing API host) at this URL. */
  readonly apiHost?: string | undefined;
  /** `--sandbox`: start an embedded sandbox even when BlueKing settings are in the environment. */
  readonly sandbox?: boolean | undefined;
}

/** The metadata client of one CLI run and what it talks to. */
export interface ClusterAdminTarget {
  readonly kind: TargetKind;
  readonly apiHost: string | undefined;
  readonly infra: InfraClient;
  /** The embedded sandbox, when one was started. */
  readonly sandbox: Sandbox | undefined;
  /** Closes the client and an embedded sandbox. */
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

const APP_CODE_VARIABLES = ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID'];
const APP_SECRET_VARIABLES = ['BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN'];

/** Whether the environment configures a real BlueKing deployment. */
export function hasBluekingEnvironment(env: CliIo['env']): boolean {
  return firstPresent(env, API_HOST_ENV_VARIABLES) !== undefined;
}

function gatewayModeOf(env: CliIo['env'], fallback: GatewayMode): GatewayMode {
  const useGateway = present(env.BKAPP_USE_APIGW)?.toLowerCase();
  if (useGateway === 'true' || present(env.BKAPP_USE_NEW_MONITOR_APIGATEWAY)?.toLowerCase() === 'on') return 'gateway';
  if (useGateway === 'false') return 'legacy';
  return fallback;
}

function infraFor(apiHost: string | undefined, env: CliIo['env'], sandboxDefaults: boolean): InfraClient {
  return createInfra({
    apiHost,
    appCode: firstPresent(env, APP_CODE_VARIABLES) ?? (sandboxDefaults ? SANDBOX_APP_CODE : undefined),
    appSecret: firstPresent(env, APP_SECRET_VARIABLES) ?? (sandboxDefaults ? SANDBOX_APP_SECRET : undefined),
    gatewayMode: gatewayModeOf(env, sandboxDefaults ? 'gateway' : 'legacy'),
    stage: present(env.BKPAAS_ENVIRONMENT),
    username: present(env.BK_USERNAME) ?? 'admin',
    tenantId: present(env.BK_TENANT_ID),
  });
}

/**
 * Chooses where clusters are registered, in this order: `--sandbox` (an embedded sandbox);
 * `--api-host <url>`, else `BK_SANDBOX_URL` (a running sandbox; credentials from the environment,
 * else the sandbox's); BlueKing settings in the environment (`BK_COMPONENT_API_URL`,
 * `BK_PAAS_INNER_HOST` or `BK_PAAS_HOST`, with `BK_APP_CODE`, `BK_APP_SECRET`, `BKAPP_USE_APIGW`,
 * `BKPAAS_ENVIRONMENT`); otherwise an embedded sandbox, announced by `onNote`.
 */
export async function resolveTarget(options: TargetOptions, env: CliIo['env'], onNote: (note: string) => void): Promise<ClusterAdminTarget> {
  const explicitHost = present(options.apiHost) ?? (options.sandbox === true ? undefined : present(env[SANDBOX_URL_ENV_VARIABLE]));
  if (options.sandbox !== true && explicitHost !== undefined) {
    const infra = infraFor(explicitHost, env, true);
    return { kind: 'sandbox', apiHost: explicitHost, infra, sandbox: undefined, close: () => infra.close() };
  }
  if (options.sandbox !== true && hasBluekingEnvironment(env)) {
    const apiHost = firstPresent(env, API_HOST_ENV_VARIABLES);
    const infra = infraFor(apiHost, env, false);
    return { kind: 'blueking', apiHost, infra, sandbox: undefined, close: () => infra.close() };
  }
  // Loaded only when needed: a run against a deployment or a running sandbox does not pay for it.
  const { startSandbox } = await import('@x/sandbox');
  const sandbox = await startSandbox({ recordCount: 0 });
  const reason = options.sandbox === true ? '--sandbox given' : `no BlueKing host in the environment (${API_HOST_ENV_VARIABLES[0]})`;
  onNote(
    `${reason}: using an embedded sandbox at ${sandbox.url} for this command only (Elasticsearch ${new URL(sandbox.elasticsearchUrl).host}, Kafka ${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port}); set ${SANDBOX_URL_ENV_VARIABLE} to keep registrations`,
  );
  const infra = infraFor(sandbox.apiHost, { BK_USERNAME: env.BK_USERNAME }, true);
  return {
    kind: 'embedded-sandbox',
    apiHost: sandbox.apiHost,
    infra,
    sandbox,
    close: async () => {
      await infra.close();
      await sandbox.close();
    },
  };
}
