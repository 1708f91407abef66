import { SpanKind, SpanStatusCode, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type BkClient } from '../client/create-client.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, json, startTestServer, type TestServer } from '../test-support/start-test-server.js';

const exporter = new InMemorySpanExporter();
let server: TestServer;
let client: BkClient;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  server = await startTestServer();
  client = createClient({
    baseUrl: server.url,
    appCode: 'bk_log',
    appSecret: 'span-secret-value',
    retry: { attempts: 2, backoff: { initialDelay: 10, jitter: false } },
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
  trace.disable();
});
afterEach(() => {
  server.reset();
  exporter.reset();
});

const lookup = defineEndpoint({ module: 'cc', name: 'search_host', method: 'GET', path: 'search_host/' });

describe('OpenTelemetry', () => {
  it('makes each call a client span with method, redacted URL, status, module, endpoint, request id and retry count', async () => {
    server.queue(json({}, 503), envelope([]));
    await client.call(lookup, { bk_biz_id: 2, bk_token: 'token-in-query' }, { requestId: 'span-req' });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('cc.search_host');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'bk.module': 'cc',
      'bk.endpoint': 'search_host',
      'bk.request_id': 'span-req',
      'bk.retry_count': 1,
    });
    expect(String(span?.attributes['url.full'])).toContain('bk_biz_id=2');
    expect(String(span?.attributes['url.full'])).not.toContain('token-in-query');
  });

  it('records errors with redacted messages', async () => {
    server.queue(json({ result: false, code: 7, message: 'secret span-secret-value leaked by the remote' }));
    await expect(client.call(lookup)).rejects.toThrow();
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.status.message).not.toContain('span-secret-value');
    expect(span?.events[0]?.name).toBe('exception');
    expect(JSON.stringify(span?.events)).not.toContain('span-secret-value');
  });

  it('sends the trace context the registered propagator writes, under the span of the call', async () => {
    // A W3C traceparent writer, so the test needs no propagator package.
    const traceContext: TextMapPropagator = {
      inject: (context, carrier, setter) => {
        const span = trace.getSpanContext(context);
        if (span !== undefined) setter.set(carrier, 'Traceparent', `00-${span.traceId}-${span.spanId}-01`);
      },
      extract: (context) => context,
      fields: () => ['traceparent'],
    };
    propagation.setGlobalPropagator(traceContext);
    try {
      server.queue(envelope([]));
      await client.call(lookup);
    } finally {
      propagation.disable();
    }
    const [span] = exporter.getFinishedSpans();
    expect(server.requests[0]?.headers.traceparent).toBe(`00-${span?.spanContext().traceId ?? ''}-${span?.spanContext().spanId ?? ''}-01`);
  });

  it('can be switched off', async () => {
    const quiet = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'span-secret-value', tracer: false });
    await quiet.call(lookup);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await quiet.close();
  });
});
