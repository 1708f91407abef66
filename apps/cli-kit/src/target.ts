import { API_HOST_ENV_VARIABLES } from '@x/core-client';
import { firstPresent, present } from './environment.js';
import type { Environment } from './environment.js';
import { UsageError } from './usage-error.js';

/** The sandbox's credentials (`startSandbox()` defaults), used for `--api-host` / `BK_SANDBOX_URL` unless the environment gives others. */
export const SANDBOX_APP_CODE = 'bk_sandbox';
/** The sandbox's app secret; see {@link SANDBOX_APP_CODE}. */
export const SANDBOX_APP_SECRET = 'sandbox-secret';

/** The environment variable naming a running standalone sandbox (`x-sandbox --port 8400`). */
export const SANDBOX_URL_ENV_VARIABLE = 'BK_SANDBOX_URL';

/** The flag that starts an embedded sandbox: the only way a CLI ends up on one. */
export const SANDBOX_FLAG = '--sandbox';

/** Where a CLI sends its requests. */
export type TargetKind = 'embedded-sandbox' | 'sandbox' | 'blueking';

/** How the command line chose the target. */
export interface TargetOptions {
  /** `--api-host`: a running sandbox (or any BlueKing API host) at this URL. */
  readonly apiHost?: string | undefined;
  /** `--sandbox`: start an embedded sandbox, whatever the environment says. Never implied. */
  readonly sandbox?: boolean | undefined;
}

/** What an app adds to the target choice. */
export interface TargetRules {
  /**
   * Variables besides the API host ones (`BK_COMPONENT_API_URL`, `BK_PAAS_INNER_HOST`,
   * `BK_PAAS_HOST`) that alone configure a deployment, e.g. log-search's
   * `BKAPP_UNIFYQUERY_APIGATEWAY_ROOT`. They are URLs: credentials in them are refused too.
   */
  readonly hostVariables?: readonly string[] | undefined;
}

/** The outcome of {@link chooseTarget}: where to go, before any client or sandbox exists. */
export type TargetChoice =
  /** A running sandbox (or any API host) named by `--api-host` or `BK_SANDBOX_URL`. */
  | { readonly kind: 'sandbox'; readonly apiHost: string }
  /** The BlueKing deployment of the environment; `apiHost` is unset when only roots are configured. */
  | { readonly kind: 'blueking'; readonly apiHost: string | undefined }
  /** An embedded sandbox, because `--sandbox` was given; `reason` is for the note the CLI prints. */
  | { readonly kind: 'embedded-sandbox'; readonly reason: string };

/** Whether the environment names a BlueKing API host (`BK_COMPONENT_API_URL`, `BK_PAAS_INNER_HOST` or `BK_PAAS_HOST`). */
export function hasApiHostEnvironment(env: Environment): boolean {
  return firstPresent(env, API_HOST_ENV_VARIABLES) !== undefined;
}

/**
 * Refuses a URL with `user:password@`: it would put the password into every error, log line and
 * banner that shows the URL, and BlueKing APIs authenticate with the app code and secret anyway.
 * The message names `setting` and never repeats the URL.
 * @throws UsageError (the CLIs exit 2)
 */
export function refuseUrlCredentials(url: string, setting: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not an absolute URL: the client reports it. Anything with an `@` before the path is refused
    // here all the same, since the reader of the error cannot tell what in it is a secret.
    if (/^[^/?#]*\/\/[^/?#]*@/.test(url.trim())) throw credentialsError(setting);
    return;
  }
  if (parsed.username !== '' || parsed.password !== '') throw credentialsError(setting);
}

function credentialsError(setting: string): UsageError {
  return new UsageError(
    `${setting} contains a user name or password (user:password@host): remove them; BlueKing APIs authenticate with the app code and secret (BK_APP_CODE, BK_APP_SECRET)`,
  );
}

/** The message for a run with neither BlueKing settings nor a sandbox: what to set, in order of use. */
export function missingTargetMessage(rules: TargetRules = {}): string {
  const hosts = [...API_HOST_ENV_VARIABLES, ...(rules.hostVariables ?? [])];
  return (
    `no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: ` +
    `set ${hosts[0] ?? 'BK_COMPONENT_API_URL'} (or ${hosts.slice(1).join(', ')}) with BK_APP_CODE and BK_APP_SECRET, ` +
    `point --api-host or ${SANDBOX_URL_ENV_VARIABLE} at a running sandbox, or pass ${SANDBOX_FLAG}`
  );
}

/**
 * Chooses where a CLI run goes, in this order:
 * 1. `--sandbox`: an embedded sandbox started in this process;
 * 2. `--api-host <url>`, else `BK_SANDBOX_URL`: a running sandbox;
 * 3. a BlueKing deployment, when an API host variable (or one of `rules.hostVariables`) is set;
 * 4. otherwise nothing: a UsageError naming the variables to set (the CLIs exit 2 before doing
 *    anything). A misconfigured deployment never quietly becomes a throwaway sandbox.
 *
 * A URL it uses with `user:password@` is a UsageError naming the flag or variable.
 * @throws UsageError
 */
export function chooseTarget(options: TargetOptions, env: Environment, rules: TargetRules = {}): TargetChoice {
  if (options.sandbox === true) return { kind: 'embedded-sandbox', reason: `${SANDBOX_FLAG} given` };
  const flagHost = present(options.apiHost);
  if (flagHost !== undefined) {
    refuseUrlCredentials(flagHost, '--api-host');
    return { kind: 'sandbox', apiHost: flagHost };
  }
  const sandboxUrl = present(env[SANDBOX_URL_ENV_VARIABLE]);
  if (sandboxUrl !== undefined) {
    refuseUrlCredentials(sandboxUrl, SANDBOX_URL_ENV_VARIABLE);
    return { kind: 'sandbox', apiHost: sandboxUrl };
  }
  const urlVariables = [...API_HOST_ENV_VARIABLES, ...(rules.hostVariables ?? [])];
  let configured = false;
  for (const name of urlVariables) {
    const value = present(env[name]);
    if (value === undefined) continue;
    refuseUrlCredentials(value, name);
    configured = true;
  }
  if (!configured) throw new UsageError(missingTargetMessage(rules));
  return { kind: 'blueking', apiHost: firstPresent(env, API_HOST_ENV_VARIABLES) };
}
