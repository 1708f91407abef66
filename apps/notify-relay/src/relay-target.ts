import { createCmsi } from '@x/cmsi';
import { ApiResultError } from '@x/errors';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { createWework } from '@x/wework';
import { createBlueKingSenders } from './channel-senders.js';
import type { BlueKingClients, ChannelSenders } from './channel-senders.js';
import { RelayConfigError, refuseUrlCredentials } from './relay-config-error.js';
import type { RelayLogger } from './relay-logger.js';
import { VERSION } from './version.js';

/**
 * A real BlueKing deployment. Unset fields fall back to the clients' environment variables
 * (`BK_APP_CODE`, `BK_APP_SECRET`, `BKAPP_USE_APIGW`, `BKPAAS_ENVIRONMENT`).
 * @example { apiHost: 'https://bkapi.example.com', appCode: 'bk_monitor', appSecret: process.env.BK_APP_SECRET, gatewayMode: 'gateway', stage: 'prod' }
 */
export interface BlueKingSettings {
  /** The API host (bklog's `PAAS_API_HOST`), e.g. `http://paas.example.com`. */
  readonly apiHost: string;
  readonly appCode?: string | undefined;
  readonly appSecret?: string | undefined;
  /** `legacy` ESB paths (`/api/c/compapi/v2/cmsi/`) or API gateway paths (`/api/bk-cmsi/{stage}/v1/`). */
  readonly gatewayMode?: 'legacy' | 'gateway' | undefined;
  /** The gateway stage. */
  readonly stage?: string | undefined;
  /**
   * The user the sends act for (`bk_username` / `operator`), and the owner of a demo chat.
   * @default 'admin'
   */
  readonly username?: string | undefined;
  /** The tenant header of multi-tenant deployments. */
  readonly tenantId?: string | undefined;
}

/**
 * Where messages go. The first of `senders`, `clients`, `blueking`, `sandbox` given wins; with
 * none, the relay refuses to start ({@link RelayConfigError}): it never falls back to a sandbox.
 */
export interface RelayTargetOptions {
  /** Your own senders, one per channel. */
  readonly senders?: ChannelSenders | undefined;
  /** `@x/cmsi` and `@x/wework` clients you created (the relay does not close them). */
  readonly clients?: BlueKingClients | undefined;
  /** A real BlueKing deployment. */
  readonly blueking?: BlueKingSettings | undefined;
  /**
   * A sandbox you started (the relay does not close it), or `true` for an embedded one the relay
   * starts and closes (the `--sandbox` flag, `NOTIFY_RELAY_SANDBOX=1`). Never implied.
   */
  readonly sandbox?: Sandbox | true | undefined;
  /**
   * On a sandbox, create the WeCom chat `notifyRelayDemo` (members: the receivers below) so
   * critical alerts have a `chatid` to go to; see `NotifyRelay.demoChatId`.
   * @default true when the relay starts its own sandbox, false otherwise
   */
  readonly demoChat?: boolean | undefined;
  /**
   * Milliseconds one send may take before its outcome counts as unknown (`ambiguous`).
   * @default 10000
   */
  readonly sendTimeoutMs?: number | undefined;
  /**
   * How the `wework` channel formats messages.
   * @default 'markdown'
   */
  readonly weworkMessageType?: 'markdown' | 'text' | undefined;
}

/** The resolved destination of messages. */
export interface RelayTarget {
  /** `custom` senders, given `clients`, a `blueking` deployment, or a `sandbox`. */
  readonly kind: 'custom' | 'clients' | 'blueking' | 'sandbox';
  /** The BlueKing API host messages go to, when known. */
  readonly apiHost: string | undefined;
  /** The sandbox in use, if any. */
  readonly sandbox: Sandbox | undefined;
  /** The WeCom chat created for demos. */
  readonly demoChatId: string | undefined;
  readonly senders: ChannelSenders;
  /** Literal secrets scrubbed from recorded errors. */
  readonly secrets: readonly string[];
  /** Closes what the relay created (clients, an embedded sandbox). */
  close(): Promise<void>;
}

/** The chat created by `demoChat`. */
export const DEMO_CHAT_ID = 'notifyRelayDemo';
const DEMO_CHAT_MEMBERS = ['admin', 'oncall'];

function clientsFor(settings: BlueKingSettings, sendTimeoutMs: number): BlueKingClients {
  const common = {
    apiHost: settings.apiHost,
    appCode: settings.appCode,
    appSecret: settings.appSecret,
    gatewayMode: settings.gatewayMode,
    stage: settings.stage,
    username: settings.username ?? 'admin',
    tenantId: settings.tenantId,
    timeout: sendTimeoutMs,
    // The delivery worker decides about repeating a send; the clients never retry by themselves.
    retry: false,
    userAgent: `notify-relay/${VERSION}`,
  } as const;
  return { cmsi: createCmsi(common), wework: createWework(common) };
}

async function createDemoChat(wework: BlueKingClients['wework'], logger: RelayLogger): Promise<string> {
  try {
    await wework.createAppchat({ chatid: DEMO_CHAT_ID, name: 'notify-relay demo', owner: 'admin', userlist: DEMO_CHAT_MEMBERS });
  } catch (error) {
    // Already there (a given sandbox that kept its chats): use it.
    if (!(ApiResultError.isInstance(error) && error.message.includes('already exists'))) throw error;
  }
  logger.info('demo chat ready', { chatid: DEMO_CHAT_ID });
  return DEMO_CHAT_ID;
}

async function closeClients(clients: BlueKingClients): Promise<void> {
  await Promise.allSettled([clients.cmsi.close(), clients.wework.close()]);
}

/** What to set when no target is given: `startNotifyRelay` names it, and so does the start command. */
export const MISSING_TARGET_MESSAGE =
  'no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: set BK_COMPONENT_API_URL (or BK_API_HOST) with BK_APP_CODE and BK_APP_SECRET, or pass --sandbox (or set NOTIFY_RELAY_SANDBOX=1)';

/**
 * Resolves where messages go: an embedded sandbox only for `sandbox: true`.
 * @throws RelayConfigError when nothing is configured, or the BlueKing API host holds credentials
 */
export async function resolveTarget(options: RelayTargetOptions, logger: RelayLogger): Promise<RelayTarget> {
  const sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  const senderOptions = { timeoutMs: sendTimeoutMs, weworkMessageType: options.weworkMessageType };
  if (options.senders !== undefined) {
    return {
      kind: 'custom',
      apiHost: undefined,
      sandbox: undefined,
      demoChatId: undefined,
      senders: options.senders,
      secrets: [],
      close: () => Promise.resolve(),
    };
  }
  if (options.clients !== undefined) {
    return {
      kind: 'clients',
      apiHost: undefined,
      sandbox: undefined,
      demoChatId: undefined,
      senders: createBlueKingSenders(options.clients, senderOptions),
      secrets: [],
      close: () => Promise.resolve(),
    };
  }
  if (options.blueking !== undefined) {
    refuseUrlCredentials(options.blueking.apiHost, 'the BlueKing API host (blueking.apiHost)');
    const clients = clientsFor(options.blueking, sendTimeoutMs);
    return {
      kind: 'blueking',
      apiHost: options.blueking.apiHost,
      sandbox: undefined,
      demoChatId: undefined,
      senders: createBlueKingSenders(clients, senderOptions),
      secrets: options.blueking.appSecret === undefined ? [] : [options.blueking.appSecret],
      close: () => closeClients(clients),
    };
  }
  if (options.sandbox === undefined) throw new RelayConfigError(MISSING_TARGET_MESSAGE);
  const ownSandbox = options.sandbox === true;
  // The relay only needs the CMSI and WeWork routes: keep the seeded log data small.
  const sandbox = options.sandbox === true ? await startSandbox({ recordCount: 100 }) : options.sandbox;
  const clients = clientsFor(
    { apiHost: sandbox.apiHost, appCode: sandbox.credentials.appCode, appSecret: sandbox.credentials.appSecret, gatewayMode: 'gateway', stage: 'prod' },
    sendTimeoutMs,
  );
  const closeAll = async (): Promise<void> => {
    await closeClients(clients);
    if (ownSandbox) await sandbox.close();
  };
  try {
    const demoChatId = (options.demoChat ?? ownSandbox) ? await createDemoChat(clients.wework, logger) : undefined;
    return {
      kind: 'sandbox',
      apiHost: sandbox.apiHost,
      sandbox,
      demoChatId,
      senders: createBlueKingSenders(clients, senderOptions),
      secrets: [sandbox.credentials.appSecret],
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
