import type { IncomingHttpHeaders } from 'node:http';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Agent, Dispatcher } from 'undici';
import type { FetchFunction, TlsSettings } from '../client/client-settings.js';
import { loadAgentClass } from './undici-agent.js';

/**
 * What a call hands the default transport beside ky's `Request`: its headers and its JSON body, as
 * built. They go to the dispatcher as they are, instead of through ky's option merging, the
 * `Request`, its clone for retries and a body stream — copies that each validate every header again.
 */
export interface WireParts {
  /** Lower-case names; set over the request's own headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** A text body sent instead of the request's (which is then empty). */
  readonly body?: string | undefined;
}

/** The default transport: a `fetch` over undici's dispatcher and one keep-alive connection pool. */
export interface Transport {
  readonly fetch: FetchFunction;
  /** Sends `request` with `parts` added: what `fetch` does, minus the WHATWG objects `parts` stand for. */
  send(request: Request, parts: WireParts): Promise<Response>;
  /**
   * Loads undici and creates the pool when that has not happened yet (the first call), else
   * `undefined`. Awaited before ky starts an attempt's timer, so loading is never a timeout.
   */
  prepare(): Promise<void> | undefined;
  /** Closes the pool's connections (never those of a dispatcher it was given). */
  close(): Promise<void>;
}

/** Options of the default transport. */
export interface TransportOptions {
  readonly tls: TlsSettings;
  readonly maxConnections: number;
  /**
   * A dispatcher to send through instead of an own pool; `tls` and `maxConnections` are then its
   * business. The transport never closes it: its owner may share it with other clients.
   */
  readonly dispatcher?: Dispatcher | undefined;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
// WHATWG fetch's request-body header names: dropped when a redirect turns the request into a GET.
const requestBodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'];
const maxRedirects = 20;
const maxContentEncodings = 5;
const lenientZlib = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const lenientBrotli = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

// fetch's network errors: ky recognises `fetch failed` (no response) and `terminated` (the body
// broke off) as a NetworkError, and the core reads the code of the cause.
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function terminated(cause: unknown): TypeError {
  return new TypeError('terminated', { cause });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The transport's responses clone to themselves. ky hands each afterResponse hook `response.clone()`
 * — a tee of the body stream, which costs as much as parsing a small answer — and the core's one
 * hook is the only reader of the body (ky reads it only for an HTTP error, for which the hook reads
 * nothing), so the hook may read the response itself.
 */
class UnclonedResponse extends Response {}
// On the prototype: the DOM types declare `clone` a property, which a method cannot override.
Object.defineProperty(UnclonedResponse.prototype, 'clone', {
  value: function clone(this: Response): Response {
    return this;
  },
});

/** One request as the dispatcher sends it; a redirect changes it in place. */
interface Outgoing {
  url: URL;
  method: string;
  readonly headers: Map<string, string>;
  body: Buffer | undefined;
  redirects: number;
}

/** The request's headers and the call's, plus the defaults WHATWG fetch adds when they are missing. */
function outgoingHeaders(request: Request, url: URL, extra: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const headers = new Map<string, string>();
  request.headers.forEach((value, name) => {
    headers.set(name, value);
  });
  if (extra !== undefined) for (const name in extra) headers.set(name, extra[name] ?? '');
  // What undici's fetch adds, so a server sees the same request it saw from fetch.
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('accept-language')) headers.set('accept-language', '*');
  if (!headers.has('sec-fetch-mode')) headers.set('sec-fetch-mode', 'cors');
  if (!headers.has('user-agent')) headers.set('user-agent', 'undici');
  if (headers.has('range')) headers.set('accept-encoding', 'identity');
  else if (!headers.has('accept-encoding')) headers.set('accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate');
  return headers;
}

function headerList(headers: ReadonlyMap<string, string>): string[] {
  const list: string[] = [];
  for (const [name, value] of headers) list.push(name, value);
  return list;
}

function responseHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/** `deflate` as fetch reads it: a zlib stream, or raw deflate when the zlib header is missing. */
class InflateStream extends Transform {
  #inner: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner === undefined) {
      if (chunk.length === 0) {
        callback();
        return;
      }
      // A zlib header's compression method (low nibble of the first byte) is 8.
      const inner = (chunk[0] ?? 0) % 16 === 8 ? zlib.createInflate(lenientZlib) : zlib.createInflateRaw(lenientZlib);
      inner.on('data', (data: Buffer) => this.push(data));
      inner.on('end', () => this.push(null));
      inner.on('error', (error: Error) => this.destroy(error));
      this.#inner = inner;
    }
    this.#inner.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#inner?.end();
    callback();
  }
}

/**
 * The decoders of a `Content-Encoding` list, outermost first (as fetch: gzip, deflate, br; an
 * unknown coding leaves the body as it is), or an Error when the list is suspiciously long.
 */
function contentDecoders(contentEncoding: string | null): Transform[] | Error {
  if (contentEncoding === null || contentEncoding === '') return [];
  const codings = contentEncoding.toLowerCase().split(',');
  if (codings.length > maxContentEncodings)
    return new Error(`too many content-encodings in response: ${codings.length}, maximum allowed is ${maxContentEncodings}`);
  const decoders: Transform[] = [];
  for (let index = codings.length - 1; index >= 0; index -= 1) {
    const coding = (codings[index] ?? '').trim();
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(zlib.createGunzip(lenientZlib));
    else if (coding === 'deflate') decoders.push(new InflateStream());
    else if (coding === 'br') decoders.push(zlib.createBrotliDecompress(lenientBrotli));
    else return [];
  }
  return decoders;
}

/** A web stream over a Node stream, with backpressure; cancelling it destroys the Node stream. */
function webStreamOf(source: Readable): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Paused before listening, so the 'data' listener does not start the flow: pull() does.
      source.pause();
      source.on('data', (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.once('end', () => {
        if (!open) return;
        open = false;
        controller.close();
      });
      source.once('error', (error: Error) => {
        if (!open) return;
        open = false;
        controller.error(terminated(error));
      });
    },
    pull() {
      source.resume();
    },
    cancel(reason: unknown) {
      open = false;
      source.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

/**
 * Whether a redirect's target is on the request's own origin (an unparsable one counts as such,
 * so that it fails as fetch would). Only those are followed: the SDK's headers carry the app
 * secret and the user's tokens (`X-Bkapi-Authorization`, which fetch does not strip) and an
 * ESB body carries them too, so a redirect elsewhere is answered as the 3xx it is.
 */
function staysOnOrigin(from: URL, location: string): boolean {
  try {
    return new URL(location, from).origin === from.origin;
  } catch {
    return true;
  }
}

/** What a redirect does to the request (WHATWG fetch's "HTTP-redirect fetch"); an Error when it must fail. */
function followRedirect(outgoing: Outgoing, status: number, location: string): Error | undefined {
  if (outgoing.redirects >= maxRedirects) return new Error('redirect count exceeded');
  let next: URL;
  try {
    next = new URL(location, outgoing.url);
  } catch {
    return new Error(`invalid redirect location: ${location}`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return new Error('URL scheme must be a HTTP(S) scheme');
  if (((status === 301 || status === 302) && outgoing.method === 'POST') || (status === 303 && outgoing.method !== 'GET' && outgoing.method !== 'HEAD')) {
    outgoing.method = 'GET';
    outgoing.body = undefined;
    for (const name of requestBodyHeaders) outgoing.headers.delete(name);
  }
  outgoing.url = next;
  outgoing.redirects += 1;
  return undefined;
}

/** The settlement of one `fetch`, shared by the exchanges of its redirects. */
interface Settle {
  readonly resolve: (response: Response) => void;
  readonly reject: (error: unknown) => void;
  /** The exchange is over (body read, failed or cancelled). */
  readonly finish: () => void;
}

/**
 * One request/response exchange on the dispatcher (undici's handler interface). The response is
 * handed over as soon as its headers arrive; its body streams through, paused while nobody reads,
 * so the core's byte cap stops an oversized body without buffering it.
 */
class Exchange implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #abortWith: Error | undefined;
  #settled = false;
  #finished = false;
  #redirect: (() => void) | undefined;
  #stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  #source: Readable | undefined;
  readonly #outgoing: Outgoing;
  readonly #redirectMode: Request['redirect'];
  readonly #settle: Settle;
  readonly #next: (outgoing: Outgoing) => void;

  constructor(outgoing: Outgoing, redirectMode: Request['redirect'], settle: Settle, next: (outgoing: Outgoing) => void) {
    this.#outgoing = outgoing;
    this.#redirectMode = redirectMode;
    this.#settle = settle;
    this.#next = next;
  }

  /** Stops the exchange: the fetch rejects (or its body errors) with `reason`. */
  abort(reason: unknown): void {
    this.#fail(reason);
    const error = reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
    if (this.#controller === undefined) this.#abortWith = error;
    else this.#controller.abort(error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortWith !== undefined) controller.abort(this.#abortWith);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    if (statusCode < 200 || this.#settled) return;
    const outgoing = this.#outgoing;
    const location = headers.location;
    if (redirectStatuses.has(statusCode) && typeof location === 'string' && this.#redirectMode !== 'manual' && staysOnOrigin(outgoing.url, location)) {
      if (this.#redirectMode === 'error') {
        this.#failAndAbort(controller, fetchFailed(new Error('unexpected redirect')));
        return;
      }
      const refused = followRedirect(outgoing, statusCode, location);
      if (refused !== undefined) {
        this.#failAndAbort(controller, fetchFailed(refused));
        return;
      }
      // Read the redirect's (small) body to its end, so its connection is reused, then follow.
      this.#redirect = () => {
        this.#next(outgoing);
      };
      return;
    }
    const init = { status: statusCode, statusText: statusMessage ?? '', headers: responseHeaders(headers) };
    let response: Response;
    try {
      if (nullBodyStatuses.has(statusCode) || outgoing.method === 'HEAD') {
        response = new UnclonedResponse(null, init);
      } else {
        const decoders = contentDecoders(init.headers.get('content-encoding'));
        if (decoders instanceof Error) {
          this.#failAndAbort(controller, fetchFailed(decoders));
          return;
        }
        response = new UnclonedResponse(decoders.length === 0 ? this.#directBody(controller) : this.#decodedBody(controller, decoders), init);
      }
    } catch (error) {
      // An answer fetch cannot represent (a status over 599, a malformed status text).
      this.#failAndAbort(controller, fetchFailed(error));
      return;
    }
    this.#settled = true;
    this.#settle.resolve(response);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // undici may hand over an empty chunk when resumed; passing it on would only spin.
    if (this.#finished || chunk.length === 0) return;
    if (this.#stream !== undefined) {
      this.#stream.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if ((this.#stream.desiredSize ?? 0) <= 0) controller.pause();
    } else if (this.#source !== undefined && !this.#source.push(chunk)) {
      controller.pause();
    }
  }

  onResponseEnd(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#redirect !== undefined) {
      this.#redirect();
      return;
    }
    this.#settle.finish();
    this.#stream?.close();
    this.#source?.push(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(this.#settled ? terminated(error) : fetchFailed(error));
  }

  #directBody(controller: Dispatcher.DispatchController): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      start: (stream) => {
        this.#stream = stream;
      },
      pull: () => {
        controller.resume();
      },
      cancel: (reason: unknown) => {
        if (this.#finished) return;
        this.#finished = true;
        this.#settle.finish();
        controller.abort(reason instanceof Error ? reason : new DOMException('The body was cancelled', 'AbortError'));
      },
    });
  }

  #decodedBody(controller: Dispatcher.DispatchController, decoders: Transform[]): ReadableStream<Uint8Array> {
    const source = new Readable({
      read: () => {
        controller.resume();
      },
      destroy: (error, callback) => {
        if (!this.#finished) {
          this.#finished = true;
          this.#settle.finish();
          controller.abort(error ?? new DOMException('The body was cancelled', 'AbortError'));
        }
        callback(error);
      },
    });
    this.#source = source;
    const decoded = decoders.at(-1) ?? source;
    pipeline([source, ...decoders], () => undefined);
    return webStreamOf(decoded);
  }

  #failAndAbort(controller: Dispatcher.DispatchController, error: unknown): void {
    this.#fail(error);
    controller.abort(error instanceof Error ? error : new Error(String(error)));
  }

  #fail(error: unknown): void {
    if (!this.#settled) {
      this.#settled = true;
      this.#finished = true;
      this.#settle.finish();
      this.#settle.reject(error);
      return;
    }
    if (this.#finished) return;
    this.#finished = true;
    this.#settle.finish();
    this.#stream?.error(error);
    this.#source?.destroy(error instanceof Error ? error : terminated(error));
  }
}

/**
 * The bytes of a request body. Read with a reader that is released at the end, unlike
 * `request.arrayBuffer()`: ky cancels the body once the request is sent, and cancelling a stream
 * still locked creates (and throws away) an error, stack trace included, on every call.
 */
async function readRequestBody(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  const [only] = chunks;
  return chunks.length === 1 && only !== undefined ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(chunks, size);
}

/**
 * Sends `request` (with `parts` added) through `dispatcher` as WHATWG fetch would — same default
 * headers, redirects followed (at most 20) but only within the origin (see {@link staysOnOrigin}),
 * gzip/deflate/br bodies decoded — and answers a global `Response` whose body streams from the
 * socket (and clones to itself, see {@link UnclonedResponse}).
 */
export async function dispatchFetch(dispatcher: Dispatcher, request: Request, parts: WireParts = {}): Promise<Response> {
  const signal = request.signal;
  signal.throwIfAborted();
  const url = new URL(request.url);
  let body: Buffer | undefined;
  if (parts.body !== undefined) {
    body = Buffer.from(parts.body);
  } else if (request.body !== null) {
    body = await readRequestBody(request.body);
    // Aborted while the body was read: the listener below would never hear of it.
    signal.throwIfAborted();
  }
  const outgoing: Outgoing = { url, method: request.method, headers: outgoingHeaders(request, url, parts.headers), body, redirects: 0 };
  return new Promise<Response>((resolve, reject) => {
    let current: Exchange | undefined;
    const onAbort = (): void => {
      current?.abort(abortReason(signal));
    };
    // The listener stays while the body streams: an abort then errors the body, as with fetch.
    const settle: Settle = {
      resolve,
      reject,
      finish: () => {
        signal.removeEventListener('abort', onAbort);
      },
    };
    const start = (next: Outgoing): void => {
      current = new Exchange(next, request.redirect, settle, start);
      dispatcher.dispatch(
        {
          origin: next.url.origin,
          path: `${next.url.pathname}${next.url.search}`,
          method: next.method,
          headers: headerList(next.headers),
          body: next.body ?? null,
        },
        current,
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    start(outgoing);
  });
}

/**
 * The default transport: a `fetch` on undici's `Agent` (connections kept alive and reused, at most
 * `maxConnections` per origin, one request per connection at a time — `pipelining: 1`, safe with
 * any server). No WHATWG fetch runs underneath: ky's `Request` goes straight to the dispatcher and
 * the answer comes back as a global `Response` streaming from the socket. TLS certificates are
 * verified unless `tls.rejectUnauthorized` is `false`. undici is loaded by the first call ({@link Transport.prepare}).
 * With `options.dispatcher`, requests go through that dispatcher (the same redirect, header and
 * body handling) and no pool is created, loaded or closed here.
 */
export function createUndiciTransport(options: TransportOptions): Transport {
  const given = options.dispatcher;
  if (given !== undefined) {
    return {
      fetch: async (input, init) => dispatchFetch(given, input instanceof Request ? input : new Request(input, init)),
      send: async (request, parts) => dispatchFetch(given, request, parts),
      prepare: () => undefined,
      close: () => Promise.resolve(),
    };
  }
  let agent: Agent | undefined;
  let creating: Promise<Agent> | undefined;
  const createAgent = async (): Promise<Agent> => {
    // Loaded by the first request, not by importing the package (see loadAgentClass).
    creating ??= loadAgentClass().then(
      (AgentClass) => {
        agent = new AgentClass({
          connections: options.maxConnections,
          pipelining: 1,
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 10 * 60_000,
          connect: {
            rejectUnauthorized: options.tls.rejectUnauthorized ?? true,
            ...(options.tls.ca === undefined
              ? {}
              : { ca: typeof options.tls.ca === 'string' || Buffer.isBuffer(options.tls.ca) ? options.tls.ca : [...options.tls.ca] }),
          },
        });
        creating = undefined;
        return agent;
      },
      (error: unknown) => {
        creating = undefined;
        throw error;
      },
    );
    return creating;
  };

  const fetch: FetchFunction = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    return dispatchFetch(agent ?? (await createAgent()), request);
  };

  return {
    fetch,
    send: async (request, parts) => dispatchFetch(agent ?? (await createAgent()), request, parts),
    prepare: () => (agent === undefined ? createAgent().then(() => undefined) : undefined),
    close: async () => {
      const current = agent ?? (await creating?.catch(() => undefined));
      agent = undefined;
      creating = undefined;
      await current?.close();
    },
  };
}
