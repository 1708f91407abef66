import { chooseTarget, clientTimeouts, commonClientSettings, hasApiHostEnvironment, present, SANDBOX_URL_ENV_VARIABLE } from '@x/cli-kit';
import type { Environment, TargetKind, TargetOptions } from '@x/cli-kit';
import type { GatewayMode } from '@x/core-client';
import { createInfra } from '@x/infra';
import type { InfraClient } from '@x/infra';
import type { Sandbox } from '@x/sandbox';

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

/** Whether the environment configures a real BlueKing deployment. */
export function hasBluekingEnvironment(env: Environment): boolean {
  return hasApiHostEnvironment(env);
}

function gatewayModeOf(env: Environment, fallback: GatewayMode): GatewayMode {
  const useGateway = present(env.BKAPP_USE_APIGW)?.toLowerCase();
  if (useGateway === 'true' || present(env.BKAPP_USE_NEW_MONITOR_APIGATEWAY)?.toLowerCase() === 'on') return 'gateway';
  if (useGateway === 'false') return 'legacy';
  return fallback;
}

/** How the command line chose the target, and the time budget of each call. */
export interface ClusterAdminTargetOptions extends TargetOptions {
  /**
   * `--timeout`: milliseconds a metadata call may take, attempts and waits included (the client's
   * `totalTimeout`, the per-attempt `timeout` capped at it), and each request of the probe that
   * `register` and `update` run first.
   * @default the client's 90 s; 10 s per probe request
   */
  readonly timeoutMs?: number | undefined;
}

function infraFor(apiHost: string | undefined, env: Environment, sandboxDefaults: boolean, timeoutMs: number | undefined): InfraClient {
  return createInfra({
    apiHost,
    ...commonClientSettings(env, sandboxDefaults),
    gatewayMode: gatewayModeOf(env, sandboxDefaults ? 'gateway' : 'legacy'),
    ...clientTimeouts(timeoutMs),
    ...(timeoutMs === undefined ? {} : { probe: { timeoutMs } }),
  });
}

/**
 * Chooses where clusters are registered, in this order: `--sandbox` (an embedded sandbox);
 * `--api-host <url>`, else `BK_SANDBOX_URL` (a running sandbox; credentials from the environment,
 * else the sandbox's); BlueKing settings in the environment (`BK_COMPONENT_API_URL`,
 * `BK_PAAS_INNER_HOST` or `BK_PAAS_HOST`, with `BK_APP_CODE`, `BK_APP_SECRET`, `BKAPP_USE_APIGW`,
 * `BKPAAS_ENVIRONMENT`); otherwise nothing: a UsageError naming the variables to set (a
 * registration never quietly lands in a throwaway sandbox). An embedded sandbox is announced by
 * `onNote`; a URL with `user:password@` is a UsageError naming the flag or variable.
 * @throws UsageError before anything is started or sent
 */
export async function resolveTarget(options: ClusterAdminTargetOptions, env: Environment, onNote: (note: string) => void): Promise<ClusterAdminTarget> {
  const choice = chooseTarget(options, env);
  if (choice.kind !== 'embedded-sandbox') {
    const infra = infraFor(choice.apiHost, env, choice.kind === 'sandbox', options.timeoutMs);
    return { kind: choice.kind, apiHost: choice.apiHost, infra, sandbox: undefined, close: () => infra.close() };
  }
  // Loaded only when needed: a run against a deployment or a running sandbox does not pay for it.
  const { startSandbox } = await import('@x/sandbox');
  const sandbox = await startSandbox({ recordCount: 0 });
  onNote(
    `${choice.reason}: using an embedded sandbox at ${sandbox.url} for this command only (Elasticsearch ${new URL(sandbox.elasticsearchUrl).host}, Kafka ${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port}); set ${SANDBOX_URL_ENV_VARIABLE} to keep registrations`,
  );
  const infra = infraFor(sandbox.apiHost, { BK_USERNAME: env.BK_USERNAME }, true, options.timeoutMs);
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
