import type { Sandbox } from '@x/sandbox';
import type { ChannelSenders } from './channel-senders.js';
import type { RelayLogger } from './relay-logger.js';

/** Where messages go; see {@link RelayTargetOptions}. */
export interface RelayTargetOptions {
  /** Your own senders (one per channel); wins over everything else. */
  readonly senders?: ChannelSenders | undefined;
}

/** The resolved destination of messages. */
export interface RelayTarget {
  readonly kind: 'custom' | 'clients' | 'blueking' | 'sandbox';
  /** The BlueKing API host messages go to, when known. */
  readonly apiHost: string | undefined;
  /** The sandbox in use, if any. */
  readonly sandbox: Sandbox | undefined;
  /** A WeCom chat created for demos. */
  readonly demoChatId: string | undefined;
  readonly senders: ChannelSenders;
  /** Literal secrets scrubbed from recorded errors. */
  readonly secrets: readonly string[];
  /** Closes what the relay created (clients, an embedded sandbox). */
  close(): Promise<void>;
}

/** Picks the destination of messages. */
export async function resolveTarget(options: RelayTargetOptions, _logger: RelayLogger): Promise<RelayTarget> {
  if (options.senders !== undefined) {
    return { kind: 'custom', apiHost: undefined, sandbox: undefined, demoChatId: undefined, senders: options.senders, secrets: [], close: () => Promise.resolve() };
  }
  return Promise.reject(new Error('notify-relay: no senders configured yet'));
}
