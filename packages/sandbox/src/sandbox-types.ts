import type { ClusterRecord } from './state/cluster-store.js';
import type { IndexSetDefinition } from './data/index-sets.js';
import type { SandboxAnswers } from './sandbox-answers.js';
import type { SandboxKafkaSaslMechanism } from './listeners/kafka-sasl.js';

/**
 * The kinds of fault the sandbox can inject into BlueKing routes.
 *
 * - `latency`: waits `ms` (default 100) before answering normally.
 * - `status`: answers `status` (500, 502, 503 or 504; default 503) with a gateway-style JSON body.
 * - `rate-limit`: answers 429 with `Retry-After: retryAfterSeconds` (default 1).
 * - `reset`: sends the status line, the headers and the first bytes of the body, then destroys the
 *   socket. The route does not run: nothing is processed (a send lands in no outbox).
 * - `reset-after-processing`: runs the route for real (a send lands in the outbox), then destroys
 *   the socket before a byte of the answer goes out: the client cannot know it was processed.
 * - `malformed-json`: answers 200 with `content-type: application/json` and a truncated JSON body.
 * - `html`: answers `status` (default 502) with an nginx-style HTML error page.
 * - `result-false`: answers 200 with a BlueKing envelope `{result: false, code: 1650500}`.
 * - `slow-body`: runs the route for real, then streams its body in four chunks `ms` (default 50) apart.
 */
export type SandboxFaultKind =
  'latency' | 'status' | 'rate-limit' | 'reset' | 'reset-after-processing' | 'malformed-json' | 'html' | 'result-false' | 'slow-body';

/**
 * A fault to inject into the BlueKing routes of a sandbox. Faults never touch `/healthz` or `/__sandbox/*`.
 *
 * @example
 * ```ts
 * const handle = sandbox.inject({ kind: 'status', status: 503, route: 'send_mail', times: 2 });
 * // ... the next two send_mail calls answer 503, then the route behaves again.
 * handle.remove();
 * ```
 */
export interface SandboxFault {
  /** What the fault does. */
  readonly kind: SandboxFaultKind;
  /** A substring of the request path, or a regular expression tested against it. Omitted: every BlueKing route. */
  readonly route?: string | RegExp;
  /**
   * The chance (0..1) that a matching request is hit, drawn from the sandbox's seeded generator.
   * @default 1
   */
  readonly probability?: number;
  /** How many requests the fault hits before it retires itself. Omitted: unlimited. */
  readonly times?: number;
  /**
   * HTTP status for `status` (500, 502, 503, 504) and `html`.
   * @default 503 for `status`, 502 for `html`
   */
  readonly status?: number;
  /**
   * Milliseconds for `latency` (the delay) and `slow-body` (the pause between chunks).
   * @default 100 for `latency`, 50 for `slow-body`
   */
  readonly ms?: number;
  /**
   * `Retry-After` seconds for `rate-limit`.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
}

/** What {@link Sandbox.inject} returns: a way to take the fault out again. */
export interface SandboxFaultHandle {
  /** Removes this fault; other faults stay. */
  remove(): void;
}

/** Options of the Elasticsearch-compatible listener. */
export interface SandboxElasticsearchOptions {
  /**
   * Basic-auth user the listener accepts.
   * @default 'elastic'
   */
  readonly username?: string;
  /**
   * Basic-auth password the listener accepts.
   * @default 'changeme'
   */
  readonly password?: string;
  /**
   * `version.number` the listener reports.
   * @default '7.10.2'
   */
  readonly version?: string;
  /**
   * `'elasticsearch'` answers like Elasticsearch; `'not-elasticsearch'` answers like a plain web
   * server (no `X-Elastic-Product`, an HTML page), for "wrong protocol" tests.
   * @default 'elasticsearch'
   */
  readonly mode?: 'elasticsearch' | 'not-elasticsearch';
}

/**
 * The Kafka listener. By default it is a `PLAINTEXT` listener, as before; `saslRequired: true`
 * makes it a `SASL_PLAINTEXT` listener that accepts only ApiVersions and SaslHandshake until a
 * client authenticates as one of `users` with one of `mechanisms`.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ kafka: { saslRequired: true, users: { bklog: 'kafka-secret' }, mechanisms: ['SCRAM-SHA-512'] } });
 * ```
 */
export interface SandboxKafkaOptions {
  /**
   * Whether clients must authenticate with SASL before any request but ApiVersions.
   * @default false
   */
  readonly saslRequired?: boolean;
  /**
   * The SASL mechanisms the listener enables (its SaslHandshake answer lists them).
   * @default ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']
   */
  readonly mechanisms?: readonly SandboxKafkaSaslMechanism[];
  /**
   * SASL users: name → password, for every enabled mechanism.
   * @default { admin: 'kafka-secret' }
   */
  readonly users?: Readonly<Record<string, string>>;
}

/**
 * Options of {@link startSandbox}. Every option has a default, so `startSandbox()` works as is.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ seed: 7, now: Date.parse('2025-01-01T00:00:00Z'), recordCount: 3000 });
 * ```
 */
export interface SandboxOptions {
  /**
   * Port of the BlueKing HTTP server; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Host every listener binds to.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * The app code `X-Bkapi-Authorization` must carry.
   * @default 'bk_sandbox'
   */
  readonly appCode?: string;
  /**
   * The app secret `X-Bkapi-Authorization` must carry.
   * @default 'sandbox-secret'
   */
  readonly appSecret?: string;
  /**
   * Seed of every generator: log records, ids, fault probabilities.
   * @default 42
   */
  readonly seed?: number;
  /**
   * Faults active from the start (and again after every `reset()`).
   * @default []
   */
  readonly faults?: readonly SandboxFault[];
  /**
   * Latency added to every BlueKing route, in milliseconds.
   * @default 0
   */
  readonly latencyMs?: number;
  /**
   * Epoch milliseconds at which the seeded log records end; they cover the 24 hours before it.
   * @default Date.now() when the sandbox starts
   */
  readonly now?: number;
  /**
   * How many log records are seeded across the index sets.
   * @default 30000
   */
  readonly recordCount?: number;
  /** The Elasticsearch-compatible listener. */
  readonly elasticsearch?: SandboxElasticsearchOptions;
  /** The Kafka listener: SASL off by default. */
  readonly kafka?: SandboxKafkaOptions;
  /**
   * The `key` the WeCom group-robot webhook accepts.
   * @default 'sandbox-robot-key'
   */
  readonly webhookKey?: string;
  /**
   * The BKData data token `query_sync` accepts with `bkdata_authentication_method: 'token'`.
   * @default 'sandbox-data-token'
   */
  readonly dataToken?: string;
  /**
   * Seeds the metadata registry with a `_default` Kafka cluster and a `_default` Elasticsearch
   * cluster that point at the sandbox's own listeners.
   * @default true
   */
  readonly seedDefaultClusters?: boolean;
  /**
   * How complete the answers are. `'minimal'` sends only the fields the real servers always send
   * (every field their source marks optional, `omitempty` or version-dependent is left out), so
   * tests find a client that requires a field the server may omit.
   * @default 'full'
   */
  readonly answers?: SandboxAnswers;
}

/** Base URLs (absolute, ending in `/`) of every integration in one URL form. */
export interface SandboxRootSet {
  readonly cmsi: string;
  readonly wework: string;
  readonly bkdataAccess: string;
  readonly bkdataQuery: string;
  readonly bkdataDatabus: string;
  readonly bkdataDatabusV4: string;
  readonly unifyQuery: string;
  readonly metadata: string;
}

/** The roots in the legacy ESB form and the API-gateway form (stage `prod`). */
export interface SandboxRoots {
  readonly legacy: SandboxRootSet;
  readonly gateway: SandboxRootSet;
}

/** One request the sandbox received on a BlueKing route (control routes are not recorded). */
export interface SandboxCall {
  readonly method: string;
  /** The URL path, without the query string. */
  readonly path: string;
  /** Query parameters; a key given more than once becomes an array. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Request headers with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, the form fields of a multipart/urlencoded body, the text of another body, or `undefined`. */
  readonly body: unknown;
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
  /** The `X-Bkapi-Request-Id` the sandbox answered with. */
  readonly requestId: string;
  /** The `X-Bk-Tenant-Id` header, if sent. */
  readonly tenantId: string | undefined;
  /** The `blueking-language` header, if sent. */
  readonly language: string | undefined;
  /** The sandbox's name of the matched route (e.g. `cmsi.send_mail`), `''` when no route matched. */
  readonly route: string;
}

/** The channels a message can be sent through. */
export type SandboxOutboxChannel = 'mail' | 'msg' | 'sms' | 'voice' | 'weixin' | 'appchat' | 'robot';

/** One message the sandbox accepted for sending. */
export interface SandboxOutboxMessage {
  /** A sequential id (`msg-1`, `msg-2`, ...). */
  readonly id: string;
  readonly channel: SandboxOutboxChannel;
  readonly receivers: readonly string[];
  readonly title?: string;
  readonly content?: string;
  /** The request body as received. */
  readonly body: unknown;
  readonly requestId: string;
  readonly tenantId: string | undefined;
  readonly at: number;
}

/** The seeded data the sandbox serves, for assertions and documentation. */
export interface SandboxData {
  /** Epoch milliseconds the seeded records end at. */
  readonly now: number;
  /** Epoch milliseconds the seeded records start at (`now` minus 24 hours). */
  readonly start: number;
  /** The index sets served by unify-query (`bklog_index_set_<id>`) and BKData (`<result table>`). */
  readonly indexSets: readonly IndexSetDefinition[];
  /** Result table ids queryable by BKData `query_sync` (SQL tables and ES indices). */
  readonly resultTables: readonly string[];
  /** The data token `query_sync` accepts. */
  readonly dataToken: string;
  /** The seeded raw data ids of BKData access (`rawdata/`). */
  readonly rawDataIds: readonly number[];
  /** How many records each unify-query table holds, keyed by table id. */
  readonly recordCounts: Readonly<Record<string, number>>;
}

/** The metadata cluster registry of a sandbox. */
export interface SandboxClusters {
  /** Every registered cluster, in id order. */
  list(): readonly ClusterRecord[];
  /** One cluster by id or name. */
  get(idOrName: number | string): ClusterRecord | undefined;
}

/**
 * A running sandbox: a BlueKing gateway emulator with an Elasticsearch-compatible listener and a
 * Kafka listener.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * const response = await fetch(`${sandbox.roots.legacy.cmsi}send_mail/`, {
 *   method: 'POST',
 *   headers: {
 *     'content-type': 'application/json',
 *     'x-bkapi-authorization': JSON.stringify({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret' }),
 *   },
 *   body: JSON.stringify({ receiver__username: 'admin', title: 'Hi', content: 'Hello' }),
 * });
 * console.log(await response.json(), sandbox.outbox);
 * await sandbox.close();
 * ```
 */
export interface Sandbox {
  /** `http://host:port` of the BlueKing server, without a trailing slash. */
  readonly url: string;
  /** How complete the answers are: `'full'` or `'minimal'` (see {@link SandboxOptions.answers}). */
  readonly answers: SandboxAnswers;
  /** The same as `url`: what an SDK calls `PAAS_API_HOST`. */
  readonly apiHost: string;
  readonly roots: SandboxRoots;
  /** The WeCom group-robot webhook: `url/cgi-bin/webhook/send?key=<webhookKey>`. */
  readonly webhookUrl: string;
  /** `http://host:port` of the Elasticsearch-compatible listener. */
  readonly elasticsearchUrl: string;
  /** Address of the Kafka listener (a single broker: ApiVersions, SASL, Metadata). */
  readonly kafkaAddress: { readonly host: string; readonly port: number };
  /** The app code and secret the sandbox accepts. */
  readonly credentials: { readonly appCode: string; readonly appSecret: string };
  /** Every request received on a BlueKing route, oldest first. */
  readonly calls: readonly SandboxCall[];
  /** Every message accepted for sending, oldest first. */
  readonly outbox: readonly SandboxOutboxMessage[];
  readonly clusters: SandboxClusters;
  readonly data: SandboxData;
  /** The latest call whose route name or path contains `routeOrPathPart` (any call when omitted). */
  lastCall(routeOrPathPart?: string): SandboxCall | undefined;
  /** Adds a fault at run time. */
  inject(fault: SandboxFault): SandboxFaultHandle;
  /** Removes every fault, including the ones given at start. */
  clearFaults(): void;
  /** Clears calls, outbox and injected faults, and restores the seeded state (start faults come back). */
  reset(): void;
  /** Stops every listener. */
  close(): Promise<void>;
}
