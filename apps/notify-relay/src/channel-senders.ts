import type { Alert } from './alert-schema.js';
import type { Channel } from './routing.js';

/** What a sender is asked to send. */
export interface ChannelSendRequest {
  readonly alert: Alert;
  readonly channel: Channel;
  /** `<alert id>/<channel>`; a sender may pass it on where the remote supports idempotency keys. */
  readonly idempotencyKey: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** What a successful send reports. */
export interface ChannelSendResult {
  /** The request id of the call that sent the message. */
  readonly requestId?: string | undefined;
}

/**
 * Sends one alert on one channel, once: it must not retry a send itself (the delivery worker
 * decides, from the error it throws, whether repeating is safe). Throw `@x/errors` errors
 * (ApiRequestError, ApiResultError, ValidationError) or a {@link ChannelRejectedError}.
 */
export type ChannelSender = (request: ChannelSendRequest) => Promise<ChannelSendResult>;

/** One sender per channel. */
export type ChannelSenders = Readonly<Record<Channel, ChannelSender>>;

/** A sender refused an alert before sending anything (e.g. no `chatid` for `wework`): never retried. */
export class ChannelRejectedError extends Error {
  readonly code = 'CHANNEL_REJECTED';
  constructor(message: string) {
    super(message);
    this.name = 'ChannelRejectedError';
  }
}
