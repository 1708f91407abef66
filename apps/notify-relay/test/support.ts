import type { Sandbox, SandboxCall, SandboxOutboxMessage } from '@x/sandbox';
import type { ChannelSender, ChannelSenders, ChannelSendRequest } from '../src/channel-senders.js';
import type { DeliveryRecord } from '../src/delivery-types.js';
import { CHANNELS } from '../src/routing.js';

/** A JSON answer of the relay. */
export interface JsonAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Headers sending `token` as a bearer token (none when undefined). */
export const bearer = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${token}` });

/** POSTs `body` (an object, or a raw string sent as is) to `/alerts` as JSON; `headers` are added or override. */
export async function postAlert<T = Record<string, unknown>>(
  relayUrl: string,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<JsonAnswer<T>> {
  const response = await fetch(`${relayUrl}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** GET `/alerts/:id`. */
export async function getAlert(relayUrl: string, id: string, headers: Readonly<Record<string, string>> = {}): Promise<JsonAnswer<DeliveryRecord>> {
  const response = await fetch(`${relayUrl}/alerts/${encodeURIComponent(id)}`, { headers });
  return { status: response.status, body: (await response.json()) as DeliveryRecord, headers: response.headers };
}

export const isFinal = (delivery: DeliveryRecord): boolean => delivery.channels.every((channel) => channel.state === 'sent' || channel.state === 'failed');

/** Polls `GET /alerts/:id` until `done` holds (every channel final by default). */
export async function waitForDelivery(
  relayUrl: string,
  id: string,
  done: (delivery: DeliveryRecord) => boolean = isFinal,
  timeoutMs = 15_000,
  headers: Readonly<Record<string, string>> = {},
): Promise<DeliveryRecord> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const answer = await getAlert(relayUrl, id, headers);
    last = answer.body;
    if (answer.status === 200 && done(answer.body)) return answer.body;
    if (Date.now() > deadline) throw new Error(`delivery ${id} did not reach the expected state in ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** In-process senders that record every request (no network): for tests of the queue and the HTTP API. */
export function recordingSenders(behaviour: (request: ChannelSendRequest) => Promise<void> = () => Promise.resolve()): {
  senders: ChannelSenders;
  sent: ChannelSendRequest[];
} {
  const sent: ChannelSendRequest[] = [];
  const sender: ChannelSender = async (request) => {
    await behaviour(request);
    sent.push(request);
    return { requestId: `test-${request.idempotencyKey}-${request.attempt}` };
  };
  return { senders: Object.fromEntries(CHANNELS.map((channel) => [channel, sender])) as unknown as ChannelSenders, sent };
}

let sequence = 0;
/** A fresh alert id per call, so tests sharing a relay never collide. */
export function alertId(label: string): string {
  sequence += 1;
  return `${label}-${process.pid}-${sequence}`;
}

/** The sandbox's record of an alert: the messages and calls whose body mentions `id`. */
export function sandboxTraces(sandbox: Sandbox, id: string): { outbox: SandboxOutboxMessage[]; calls: SandboxCall[] } {
  // Not followed by a digit: `alert-1` must not match the messages of `alert-10`.
  const pattern = new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9])`);
  const mentions = (body: unknown): boolean => pattern.test(JSON.stringify(body ?? null));
  return { outbox: sandbox.outbox.filter((message) => mentions(message.body)), calls: sandbox.calls.filter((call) => mentions(call.body)) };
}

/** An alert whose every channel text carries its id (through the title). */
export function sampleAlert(label: string, severity: string, extra: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  const id = alertId(label);
  return { id, severity, title: `Disk full ${id}`, content: '/data is at 99% on web-1', receivers: ['admin', 'oncall'], ...extra };
}
