import { API_HOST_ENV_VARIABLES } from '@x/core-client';
import { firstPresent, present } from './environment.js';
import type { Environment } from './environment.js';

/** The sandbox's credentials (`startSandbox()` defaults), used for `--api-host` / `BK_SANDBOX_URL` unless the environment gives others. */
export const SANDBOX_APP_CODE = 'bk_sandbox';
/** The sandbox's app secret; see {@link SANDBOX_APP_CODE}. */
export const SANDBOX_APP_SECRET = 'sandbox-secret';

/** The environment variable naming a running standalone sandbox (`x-sandbox --port 8400`). */
export const SANDBOX_URL_ENV_VARIABLE = 'BK_SANDBOX_URL';

/** Where a CLI sends its requests. */
export type TargetKind = 'embedded-sandbox' | 'sandbox' | 'blueking';

/** How the command line chose the target. */
export interface TargetOptions {
  /** `--api-host`: a running sandbox (or any BlueKing API host) at this URL. */
  readonly apiHost?: string | undefined;
  /** `--sandbox`: start an embedded sandbox even when BlueKing settings are in the environment. */
  readonly sandbox?: boolean | undefined;
}

/** The outcome of {@link chooseTarget}: where to go, before any client or sandbox exists. */
export type TargetChoice =
  /** A running sandbox (or any API host) named by `--api-host` or `BK_SANDBOX_URL`. */
  | { readonly kind: 'sandbox'; readonly apiHost: string }
  /** The BlueKing deployment of the environment; `apiHost` is unset when only roots are configured. */
  | { readonly kind: 'blueking'; readonly apiHost: string | undefined }
  /** An embedded sandbox; `reason` says why, for the note the CLI prints. */
  | { readonly kind: 'embedded-sandbox'; readonly reason: string };

/** Whether the environment names a BlueKing API host (`BK_COMPONENT_API_URL`, `BK_PAAS_INNER_HOST` or `BK_PAAS_HOST`). */
export function hasApiHostEnvironment(env: Environment): boolean {
  return firstPresent(env, API_HOST_ENV_VARIABLES) !== undefined;
}

/**
 * Chooses where a CLI run goes, in this order:
 * 1. `--sandbox`: an embedded sandbox started in this process;
 * 2. `--api-host <url>`, else `BK_SANDBOX_URL`: a running sandbox;
 * 3. a BlueKing deployment, when `hasBluekingEnvironment(env)` (by default: an API host variable is set);
 * 4. otherwise an embedded sandbox.
 */
export function chooseTarget(options: TargetOptions, env: Environment, hasBluekingEnvironment: (env: Environment) => boolean = hasApiHostEnvironment): TargetChoice {
  if (options.sandbox === true) return { kind: 'embedded-sandbox', reason: '--sandbox given' };
  const explicitHost = present(options.apiHost) ?? present(env[SANDBOX_URL_ENV_VARIABLE]);
  if (explicitHost !== undefined) return { kind: 'sandbox', apiHost: explicitHost };
  if (hasBluekingEnvironment(env)) return { kind: 'blueking', apiHost: firstPresent(env, API_HOST_ENV_VARIABLES) };
  return { kind: 'embedded-sandbox', reason: `no BlueKing host in the environment (${API_HOST_ENV_VARIABLES[0]})` };
}
