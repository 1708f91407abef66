import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createBkdata } from '@x/bkdata';
import { createCmsi } from '@x/cmsi';
import { runWithContext } from '@x/core-client';
import type { RetryPolicy } from '@x/core-client';
import { BkError } from '@x/errors';
import { createInfra } from '@x/infra';
import type { SandboxFault } from '@x/sandbox';
import { useSandbox } from '@x/sandbox/vitest';
import { createUnifyQuery } from '@x/unify-query';
import { createWeworkRobot } from '@x/wework';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '@x/test-services';
import { authOf, startTestServer } from './support/echo-server.js';
import type { ReceivedRequest, TestServer } from './support/echo-server.js';

// Recognisable values: if any of them shows up where it must not, the assertion names it.
const APP_SECRET = 'AppSecret-REL-4f1c9e2a';
const BK_TOKEN = 'BkToken-REL-8a7b6c5d';
const ACCESS_TOKEN = 'AccessToken-REL-3e2d1c0b';
const DATA_TOKEN = 'DataToken-REL-6f5e4d3c';
const PASSWORD = 'Passw0rd-REL-2b1a0f9e';
const ROBOT_KEY = 'RobotKey-REL-7c6b5a49';
const SECRETS = { APP_SECRET, BK_TOKEN, ACCESS_TOKEN, DATA_TOKEN, PASSWORD, ROBOT_KEY } as const;

const exporter = new InMemorySpanExporter();
const sandbox = useSandbox({ appSecret: APP_SECRET, dataToken: DATA_TOKEN, webhookKey: ROBOT_KEY, elasticsearch: { password: PASSWORD }, recordCount: 300 });

beforeAll(() => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => {
  trace.disable();
});
afterEach(() => {
  exporter.reset();
});

/** Every way an error can be shown: message, stack, String(), toJSON(), JSON, util.inspect. */
function errorSurfaces(error: unknown): string[] {
  if (!(error instanceof Error)) return [inspect(error, { depth: 10 })];
  return [
    error.message,
    error.stack ?? '',
    String(error),
    JSON.stringify(error),
    BkError.isInstance(error) ? JSON.stringify(error.toJSON()) : '',
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
  ];
}

function spanSurface(): string {
  return JSON.stringify(
    exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status, links: span.links })),
  );
}

function leaksIn(surface: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => surface.includes(value) || surface.includes(encodeURIComponent(value)) || surface.includes(Buffer.from(value).toString('base64')))
    .map(([name]) => name);
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return typeof address === 'object' && address !== null ? address.port : 0;
}

// A server that quotes the whole request back — headers with the auth header, URL and body — in
// every answer, as a JSON pair and as free text: the worst a remote can do to the SDK.
function quoted(request: ReceivedRequest): string {
  const auth = authOf(request);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body || '{}') as Record<string, unknown>;
  } catch {
    body = {};
  }
  const authInfo = (body.auth_info ?? {}) as Record<string, unknown>;
  const free = `rejected app secret ${String(auth.bk_app_secret)} token ${String(auth.bk_token)} access ${String(auth.access_token)} data token ${String(body.bkdata_data_token)} password ${String(authInfo.password)}`;
  return `${free} | ${JSON.stringify({ headers: request.headers, url: request.url, body: request.body })}`;
}

function echoAnswer(request: ReceivedRequest): { status: number; body: unknown } {
  const text = quoted(request);
  if (request.url.includes('/http-error/')) return { status: 500, body: { result: false, code: 500, message: text, data: { echoed: text } } };
  if (request.url.includes('/result-false/'))
    return { status: 200, body: { result: false, code: 1306, message: text, errors: { echoed: text, bk_app_secret: APP_SECRET } } };
  // A 2xx whose data breaks every output schema while quoting the request.
  return {
    status: 200,
    body: { result: true, code: 0, message: 'OK', data: { echoed: text, list: text, series: text, rules_output: text, username_check: text } },
  };
}

describe('secrets never leak, whatever fails', () => {
  let echo: TestServer;
  beforeAll(async () => {
    echo = await startTestServer((request) => echoAnswer(request));
  });
  afterAll(async () => {
    await echo.close();
  });

  it('keeps the app secret, user tokens, data token, password and robot key out of logs, errors and spans on every failure path', async () => {
    const box = sandbox();
    const logger = captureLogger();
    const retry: RetryPolicy = { attempts: 2, backoff: { initialDelay: 5, jitter: false } };
    const common = { appCode: box.credentials.appCode, appSecret: APP_SECRET, username: 'admin', logger, retry, timeout: 400 } as const;
    const deadHost = `http://127.0.0.1:${await unusedPort()}`;
    const on = (apiHost: string) => ({ ...common, apiHost, gatewayMode: 'gateway' as const });
    const live = {
      cmsi: createCmsi({ ...on(box.apiHost), cacheTtl: 0 }),
      bkdata: createBkdata({ ...on(box.apiHost), authenticationMethod: 'token', dataToken: DATA_TOKEN }),
      infra: createInfra(on(box.apiHost)),
      unifyQuery: createUnifyQuery({ ...common, baseUrl: box.roots.gateway.unifyQuery }),
      robot: createWeworkRobot({ logger, retry, timeout: 400, webhookUrl: box.webhookUrl }),
    };
    const dead = {
      cmsi: createCmsi({ ...on(deadHost), cacheTtl: 0 }),
      bkdata: createBkdata({ ...on(deadHost), authenticationMethod: 'token', dataToken: DATA_TOKEN }),
      infra: createInfra(on(deadHost)),
      robot: createWeworkRobot({ logger, retry, timeout: 400, webhookUrl: `${deadHost}/cgi-bin/webhook/send?key=${ROBOT_KEY}` }),
    };
    const echoing = (kind: string) => ({
      cmsi: createCmsi({ ...common, baseUrl: `${echo.url}/${kind}/cmsi/`, cacheTtl: 0 }),
      bkdata: createBkdata({ ...common, roots: { query: `${echo.url}/${kind}/query/` }, authenticationMethod: 'token', dataToken: DATA_TOKEN }),
      infra: createInfra({ ...common, baseUrl: `${echo.url}/${kind}/metadata/`, gatewayMode: 'gateway' }),
    });
    const echoes = [echoing('http-error'), echoing('result-false'), echoing('bad-output')];
    const everyClient = [...Object.values(live), ...Object.values(dead), ...echoes.flatMap((clients) => Object.values(clients))];

    const cluster = { cluster_type: 'elasticsearch', domain_name: 'es.example', port: 9200, auth_info: { username: 'elastic', password: PASSWORD } } as const;
    type Clients = Pick<typeof live, 'cmsi' | 'bkdata' | 'infra'>;
    const calls = (clients: Clients, signal?: AbortSignal): Record<string, () => Promise<unknown>> => ({
      'cmsi.getMsgType': async () => clients.cmsi.getMsgType({ signal }),
      'cmsi.sendMail': async () => clients.cmsi.sendMail({ receivers: 'admin', title: 'secret test', content: 'body' }, { signal }),
      'bkdata.query.sql': async () => clients.bkdata.query.sql('SELECT COUNT(*) AS n FROM 2_bklog_audit', { signal }),
      'infra.clusters.create': async () => clients.infra.clusters.create({ ...cluster, cluster_name: `es_secret_${Date.now()}` }, { signal }),
    });

    const failures: { readonly path: string; readonly error: unknown }[] = [];
    const expectFailure = async (path: string, run: () => Promise<unknown>): Promise<void> => {
      try {
        await run();
        failures.push({ path, error: new Error(`${path} did not fail`) });
      } catch (error) {
        failures.push({ path, error });
      }
    };
    const withFault = async (fault: SandboxFault, path: string, run: () => Promise<unknown>): Promise<void> => {
      const handle = box.inject(fault);
      try {
        await expectFailure(path, run);
      } finally {
        handle.remove();
      }
    };

    await runWithContext({ username: 'alice', bkToken: BK_TOKEN, accessToken: ACCESS_TOKEN }, async () => {
      // network: nothing listens (retried, then exhausted)
      for (const [name, run] of Object.entries(calls(dead))) await expectFailure(`network ${name}`, run);
      await expectFailure('network robot', async () => dead.robot.sendText('hello'));
      // timeout: the answer comes after the per-attempt timeout
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'latency', ms: 1_000 }, `timeout ${name}`, run);
      await withFault({ kind: 'latency', ms: 1_000 }, 'timeout robot', async () => live.robot.sendText('hello'));
      // HTTP errors: a gateway JSON error and an HTML page
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'status', status: 500 }, `http 500 ${name}`, run);
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'html', status: 502 }, `http html ${name}`, run);
      await withFault({ kind: 'status', status: 500 }, 'http 500 robot', async () => live.robot.sendText('hello'));
      // result false
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'result-false' }, `result false ${name}`, run);
      // retries exhausted: every attempt answers 503 (reads are retried)
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'status', status: 503 }, `retry exhausted ${name}`, run);
      await withFault({ kind: 'status', status: 503 }, 'retry exhausted unifyQuery.queryTsRaw', async () =>
        live.unifyQuery.queryTsRaw({ query_list: [{ table_id: 'bklog_index_set_44' }] }),
      );
      // malformed and cut bodies
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'malformed-json' }, `malformed json ${name}`, run);
      for (const [name, run] of Object.entries(calls(live))) await withFault({ kind: 'reset' }, `reset ${name}`, run);
      // abort: during the request
      for (const [name] of Object.entries(calls(live))) {
        const controller = new AbortController();
        await withFault({ kind: 'latency', ms: 1_000 }, `abort ${name}`, async () => {
          const pending = calls(live, controller.signal)[name]?.();
          await delay(50);
          controller.abort();
          return pending;
        });
      }
      // a server that quotes the request back: HTTP error, result false, output schema failure
      for (const [index, kind] of ['http-error', 'result-false', 'output schema'].entries()) {
        const clients = echoes[index];
        if (clients === undefined) continue;
        for (const [name, run] of Object.entries(calls(clients))) await expectFailure(`echo ${kind} ${name}`, run);
      }
      // input refused before sending, with secrets among the params
      await expectFailure('input bkdata.querySync', async () => live.bkdata.query.querySync({ sql: '', bkdata_data_token: DATA_TOKEN }));
      await expectFailure('input infra.clusters.create', async () => live.infra.clusters.create({ ...cluster, cluster_name: 'es_bad_port', port: 70_000 }));
      // Elasticsearch probes of a registration: unreachable, and refused credentials
      const es = new URL(box.elasticsearchUrl);
      await expectFailure('probe unreachable infra.es.register', async () =>
        live.infra.es.register({
          name: 'es_dead',
          displayName: 'dead',
          bkBizId: 2,
          host: '127.0.0.1',
          port: Number(new URL(deadHost).port),
          username: 'elastic',
          password: PASSWORD,
        }),
      );
      await expectFailure('probe refused infra.es.register', async () =>
        live.infra.es.register({
          name: 'es_refused',
          displayName: 'refused',
          bkBizId: 2,
          host: es.hostname,
          port: Number(es.port),
          username: 'elastic',
          password: `${PASSWORD}-wrong`,
        }),
      );
      await withFault({ kind: 'result-false' }, 'registration refused infra.es.register', async () =>
        live.infra.es.register({
          name: 'es_rejected',
          displayName: 'rejected',
          bkBizId: 2,
          host: 'localhost',
          port: Number(es.port),
          username: 'elastic',
          password: PASSWORD,
        }),
      );
    });
    await Promise.all(everyClient.map(async (client) => client.close()));

    // Every path failed, with an SDK error.
    expect(failures.filter(({ error }) => !BkError.isInstance(error)).map(({ path, error }) => `${path}: ${String(error)}`)).toEqual([]);
    expect(failures.length).toBeGreaterThanOrEqual(50);

    const leaks: string[] = [];
    for (const { path, error } of failures)
      for (const surface of errorSurfaces(error)) for (const name of leaksIn(surface)) leaks.push(`${name} in the error of ${path}`);
    for (const entry of logger.records)
      for (const name of leaksIn(JSON.stringify(entry)))
        leaks.push(`${name} in log record ${entry.message ?? ''} ${JSON.stringify(entry.record).slice(0, 120)}`);
    for (const name of leaksIn(spanSurface())) leaks.push(`${name} in a span`);
    expect([...new Set(leaks)]).toEqual([]);

    // The secrets were really in play: sent where they belong, so a leak would have been seen.
    const wire = JSON.stringify([...box.calls.map((call) => ({ headers: call.headers, body: call.body, query: call.query })), ...echo.requests]);
    for (const value of [APP_SECRET, BK_TOKEN, ACCESS_TOKEN, DATA_TOKEN, PASSWORD]) expect(wire).toContain(value);
    expect(box.calls.some((call) => call.path.startsWith('/cgi-bin/webhook'))).toBe(true);
    expect(logger.records.length).toBeGreaterThan(failures.length);
    expect(exporter.getFinishedSpans().length).toBeGreaterThan(20);
  }, 60_000);

  // Was a gap: the transport followed redirects anywhere with X-Bkapi-Authorization (a header the
  // fetch spec does not strip), sending the app secret and tokens to whatever host a 302 named.
  // Redirects are now followed within the API's origin only; one elsewhere fails the call.
  it('never sends the app secret or user tokens to another origin on a redirect', async () => {
    const elsewhere = await startTestServer(() => ({ body: { result: true, code: 0, message: 'OK', data: [] } }));
    const redirecting = await startTestServer(() => ({
      status: 302,
      headers: { location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/collect` },
      body: '',
    }));
    const cmsi = createCmsi({ baseUrl: `${redirecting.url}/cmsi/`, appCode: 'bk_log', appSecret: APP_SECRET, username: 'admin', retry: false, cacheTtl: 0 });
    try {
      await runWithContext({ bkToken: BK_TOKEN }, async () => cmsi.getMsgType()).catch(() => undefined);
      expect(redirecting.requests).toHaveLength(1);
      expect(leaksIn(JSON.stringify(elsewhere.requests.map((request) => request.headers)))).toEqual([]);
    } finally {
      await cmsi.close();
      await Promise.all([elsewhere.close(), redirecting.close()]);
    }
  });
});
