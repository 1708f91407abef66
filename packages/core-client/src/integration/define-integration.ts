import { ValidationError } from '@x/errors';
import type { BkClientSettings, Lazy } from '../client/client-settings.js';
import { API_HOST_ENV_VARIABLES, joinUrl, resolveGatewayMode, resolveStage } from '../settings/environment.js';
import type { GatewayMode } from '../settings/environment.js';

/** Where one root of an integration lives under the BlueKing API host. */
export interface IntegrationRoot {
  /**
   * The path on the legacy ESB (bklog's `*_APIGATEWAY_ROOT` without `USE_APIGW`).
   * @example 'api/c/compapi/v2/cmsi/'
   */
  readonly legacyPath: string;
  /**
   * The path on the API gateway for a stage; the stage is given URL-encoded.
   * @example (stage) => `api/bk-cmsi/${stage}/v1/`
   */
  readonly gatewayPath: (stage: string) => string;
}

/**
 * What an integration package says about itself; everything else about its roots is the kit's.
 * @example
 * const cmsiIntegration = defineIntegration({
 *   name: 'cmsi',
 *   version: VERSION,
 *   roots: { main: { legacyPath: 'api/c/compapi/v2/cmsi/', gatewayPath: (stage) => `api/bk-cmsi/${stage}/v1/` } },
 * });
 */
export interface IntegrationDefinition<RootName extends string> {
  /** The package's short name: the User-Agent token `x-<name>/<version>` and the word in errors. */
  readonly name: string;
  /** The package's version (its `src/version.ts`). */
  readonly version: string;
  /** Its roots by name; a package with one root names it `main`. */
  readonly roots: Readonly<Record<RootName, IntegrationRoot>>;
  /**
   * An environment variable holding the whole main root URL (bklog's
   * `BKAPP_UNIFYQUERY_APIGATEWAY_ROOT`), read after the settings and before the API host variables.
   */
  readonly rootEnvVariable?: string | undefined;
  /**
   * The gateway mode when the settings do not name one.
   * @default `'gateway'` when BKAPP_USE_APIGW is `true`, else `'legacy'`
   */
  readonly defaultGatewayMode?: (() => GatewayMode) | undefined;
}

/** The settings every integration shares for finding its roots. */
export interface IntegrationRootSettings<RootName extends string = string> {
  /** The main root URL; wins over everything else. */
  readonly baseUrl?: Lazy<string> | undefined;
  /** The BlueKing API host the roots are built on. */
  readonly apiHost?: string | undefined;
  /** Legacy ESB paths or API gateway paths. */
  readonly gatewayMode?: GatewayMode | undefined;
  /** The gateway stage. */
  readonly stage?: string | undefined;
  /** Explicit roots by name (a package with several roots); each one given wins. */
  readonly roots?: Readonly<Partial<Record<RootName, Lazy<string>>>> | undefined;
  /** The caller's User-Agent product, put before the package's. */
  readonly userAgent?: string | undefined;
}

/** An integration's roots and User-Agent, resolved one way for every package. */
export interface Integration<RootName extends string> {
  /** `x-<name>/<version>`. */
  readonly userAgent: string;
  /** The name of the main root (the one `baseUrl` and `rootEnvVariable` stand for). */
  readonly mainRoot: RootName;
  /**
   * The URL of one root: an explicit root (`baseUrl` for the main one, `roots[name]`), else the
   * `apiHost` setting with the gateway mode and stage, else the root's environment variable (main
   * root), else an API host from the environment (BK_COMPONENT_API_URL, BK_PAAS_INNER_HOST,
   * BK_PAAS_HOST) with the mode and stage.
   * @throws ValidationError naming the settings and variables to set, when none is.
   */
  resolveRoot(settings: IntegrationRootSettings<RootName>, name?: RootName): string;
  /**
   * The core-client settings of a package's settings: its own keys (`own`) and the root settings
   * taken out, each root resolved lazily (at the first call that needs it), the package's
   * User-Agent before the caller's.
   */
  coreSettings<Settings extends IntegrationRootSettings<RootName>>(settings: Settings, own?: readonly (keyof Settings)[]): BkClientSettings;
}

function present(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const rootSettingKeys = ['baseUrl', 'apiHost', 'gatewayMode', 'stage', 'roots', 'userAgent'] as const;

/**
 * Defines an integration: the one place where `apiHost` / `gatewayMode` / `stage` become root
 * URLs and the User-Agent is prefixed, so every package resolves lazily, in the same order, with
 * the same error. See CONTRIBUTING.md for adding an integration.
 */
export function defineIntegration<RootName extends string>(definition: IntegrationDefinition<RootName>): Integration<RootName> {
  const names = Object.keys(definition.roots) as RootName[];
  const [first] = names;
  if (first === undefined) throw new TypeError(`defineIntegration(${definition.name}): at least one root is needed`);
  const mainRoot: RootName = first;
  const userAgent = `x-${definition.name}/${definition.version}`;
  const variables = [...(definition.rootEnvVariable === undefined ? [] : [definition.rootEnvVariable]), ...API_HOST_ENV_VARIABLES];

  function pathOf(name: RootName, settings: IntegrationRootSettings<RootName>): string {
    const root = definition.roots[name];
    const mode = settings.gatewayMode ?? definition.defaultGatewayMode?.() ?? resolveGatewayMode();
    return mode === 'gateway' ? root.gatewayPath(encodeURIComponent(resolveStage(settings.stage))) : root.legacyPath;
  }

  function resolveRoot(settings: IntegrationRootSettings<RootName>, name: RootName = mainRoot): string {
    const explicit =
      name === mainRoot && names.length === 1 ? present(typeof settings.baseUrl === 'function' ? settings.baseUrl() : settings.baseUrl) : undefined;
    const given = settings.roots?.[name];
    const named = present(typeof given === 'function' ? given() : given);
    if (named !== undefined) return named;
    if (explicit !== undefined) return explicit;
    const apiHost = present(settings.apiHost);
    if (apiHost !== undefined) return joinUrl(apiHost, pathOf(name, settings));
    if (name === mainRoot && definition.rootEnvVariable !== undefined) {
      const fromEnvironment = present(process.env[definition.rootEnvVariable]);
      if (fromEnvironment !== undefined) return fromEnvironment;
    }
    for (const variable of API_HOST_ENV_VARIABLES) {
      const host = present(process.env[variable]);
      if (host !== undefined) return joinUrl(host, pathOf(name, settings));
    }
    // A one-root package names its root `baseUrl`; a package of several names each in `roots`.
    const field = names.length === 1 ? 'baseUrl' : `roots.${name}`;
    throw new ValidationError({
      message: `The ${definition.name} root is not configured: pass ${field} or apiHost in the settings, or set one of ${variables.join(', ')}`,
      issues: [{ path: [field], message: `set ${field}, apiHost or one of ${variables.join(', ')}`, code: 'missing_setting' }],
    });
  }

  return {
    userAgent,
    mainRoot,
    resolveRoot,
    coreSettings(settings, own = []) {
      const dropped = new Set<PropertyKey>([...rootSettingKeys, ...own]);
      const core = Object.fromEntries(Object.entries(settings).filter(([key]) => !dropped.has(key))) as BkClientSettings;
      const caller = present(settings.userAgent);
      const lazy = (name: RootName) => (): string => resolveRoot(settings, name);
      return {
        ...core,
        ...(names.length === 1 ? { baseUrl: lazy(mainRoot) } : { roots: Object.fromEntries(names.map((name) => [name, lazy(name)])) }),
        userAgent: caller === undefined ? userAgent : `${caller} ${userAgent}`,
      };
    },
  };
}
