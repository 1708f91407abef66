import { ApiRequestError, ApiResultError, ValidationError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { json, startTestServer, unusedPort, type TestServer } from '../test-support/start-test-server.js';
import { createClient, type BkClient } from './create-client.js';

let server: TestServer;
let client: BkClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: 'envelope-secret', retry: false, maxResponseBytes: 1024 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => {
  server.reset();
});

const info = defineEndpoint({
  module: 'meta',
  name: 'info',
  method: 'POST',
  path: 'info/',
  idempotent: true,
  output: z.object({ name: z.string(), size: z.number() }).loose(),
});
const query = defineEndpoint({
  module: 'unify_query',
  name: 'query_ts',
  method: 'POST',
  path: 'query/ts/',
  envelope: 'none',
  output: z.object({ series: z.array(z.unknown()) }).loose(),
});
const loose = defineEndpoint({ module: 'test', name: 'loose', method: 'GET', path: 'loose/' });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('envelopes', () => {
  it('returns data of an ESB envelope and the whole envelope with raw', async () => {
    server.queue(json({ result: true, code: 0, message: 'ok', data: { name: 'a', size: 1 }, request_id: 'r1' }));
    expect(await client.call(info)).toEqual({ name: 'a', size: 1 });
    server.queue(json({ result: true, code: '00', message: 'ok', data: { name: 'a', size: 1 }, request_id: 'r1' }));
    expect(await client.call(info, {}, { raw: true })).toEqual({ result: true, code: '00', message: 'ok', data: { name: 'a', size: 1 }, request_id: 'r1' });
  });

  it('returns the data of a BKData success, whose code is "1500200" (Tencent/bk-base ResultCodeEnum)', async () => {
    server.queue(json({ result: true, code: '1500200', message: 'ok', data: { name: 'a', size: 1 }, errors: null }));
    expect(await client.call(info)).toEqual({ name: 'a', size: 1 });
  });

  it('accepts a newer gateway envelope without result', async () => {
    server.queue(json({ code: 0, message: 'ok', data: { name: 'b', size: 2 } }));
    expect(await client.call(info)).toEqual({ name: 'b', size: 2 });
  });

  it('turns result false into an ApiResultError with the remote code, message, errors and request id', async () => {
    server.queue(json({ result: false, code: 1306201, message: 'biz not found', errors: { bk_biz_id: ['bad'] }, request_id: 'remote-1', data: null }));
    const error = await failure(client.call(info));
    expect(ApiResultError.isInstance(error)).toBe(true);
    const result = error as ApiResultError;
    expect(result.code).toBe('1306201');
    expect(result.message).toBe('biz not found');
    expect(result.errors).toEqual({ bk_biz_id: ['bad'] });
    expect(result.requestId).toBe('remote-1');
    expect(result.module).toBe('meta');
    expect(result.endpoint).toBe('info');
  });

  it('treats a non-zero code as a failure even without result', async () => {
    server.queue(json({ code: 40001, message: 'no permission', data: null }));
    const error = await failure(client.call(info));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect((error as ApiResultError).code).toBe('40001');
  });

  it('treats a WeCom errcode as a failure and errcode 0 as success', async () => {
    server.queue(json({ errcode: 60011, errmsg: 'no privilege' }));
    const error = await failure(client.call(loose));
    expect((error as ApiResultError).code).toBe('60011');
    expect((error as ApiResultError).message).toBe('no privilege');
    server.queue(json({ errcode: 0, errmsg: 'ok', chatid: 'c1' }));
    expect(await client.call(loose, {}, { raw: true })).toMatchObject({ result: true, chatid: 'c1', data: null });
  });

  it('returns data when throwOnResultFalse is false', async () => {
    server.queue(json({ result: false, code: 1, message: 'partial', data: { name: 'partial', size: 0 } }));
    expect(await client.call(info, {}, { throwOnResultFalse: false })).toEqual({ name: 'partial', size: 0 });
    server.queue(json({ result: false, code: 1, message: 'partial', data: null }));
    expect(await client.call(info, {}, { throwOnResultFalse: false, raw: true })).toMatchObject({ result: false, code: 1, message: 'partial' });
  });

  it('treats the whole body as data with envelope none (unify-query)', async () => {
    server.queue(json({ series: [{ values: [[1, 2]] }], trace_id: 't1' }));
    expect(await client.call(query)).toEqual({ series: [{ values: [[1, 2]] }], trace_id: 't1' });
    server.queue(json({ series: [], code: 3 }));
    expect(await client.call(query, {}, { raw: true })).toEqual({ result: true, code: 0, message: '', data: { series: [], code: 3 } });
  });

  it('runs after() on a successful envelope before output validation', async () => {
    const wrapped = defineEndpoint({
      module: 'test',
      name: 'after',
      method: 'GET',
      path: 'after/',
      after: (envelope) => ({ ...envelope, data: { wrapped: envelope.data } }),
      output: z.object({ wrapped: z.array(z.number()) }),
    });
    server.queue(json({ result: true, data: [1, 2] }));
    expect(await client.call(wrapped)).toEqual({ wrapped: [1, 2] });
  });

  it('raises a ValidationError (output) when the data does not fit', async () => {
    server.queue(json({ result: true, data: { name: 5 } }));
    const error = await failure(client.call(info));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).direction).toBe('output');
    expect((error as ValidationError).fields).toEqual(['name', 'size']);
  });
});

describe('transport failures', () => {
  it('keeps status, content type, truncated body and gateway headers of an HTML error page', async () => {
    server.queue((_request, response) => {
      response.writeHead(502, {
        'content-type': 'text/html',
        'x-bkapi-request-id': 'gw-req-1',
        'x-bkapi-error-code': '1640001',
        'x-bkapi-error-message': 'backend unavailable',
      });
      response.end(`<html><body>${'bad gateway '.repeat(400)}</body></html>`);
    });
    const error = await failure(client.call(info));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    const request = error as ApiRequestError;
    expect(request.failure).toBe('http-status');
    expect(request.status).toBe(502);
    expect(request.contentType).toBe('text/html');
    expect(request.gateway).toEqual({ requestId: 'gw-req-1', errorCode: '1640001', errorMessage: 'backend unavailable' });
    expect(request.responseBody?.length).toBeLessThan(2100);
    expect(request.responseBody).toContain('truncated');
    expect(request.message).toContain('backend unavailable');
    expect(request.isRetryable).toBe(true);
  });

  it('puts unify-query trace_id on traceId and its error in the message', async () => {
    server.queue(json({ trace_id: 'abc123', error: 'parse query failed' }, 400));
    const error = (await failure(client.call(query))) as ApiRequestError;
    expect(error.status).toBe(400);
    expect(error.traceId).toBe('abc123');
    expect(error.message).toContain('parse query failed');
  });

  it('fails a 2xx body that is not JSON with invalid-json', async () => {
    server.queue((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    const error = (await failure(client.call(info))) as ApiRequestError;
    expect(error.failure).toBe('invalid-json');
    expect(error.status).toBe(200);
    expect(error.responseBody).toBe('<html>login</html>');
  });

  it('stops reading a body past maxResponseBytes', async () => {
    server.queue(json({ result: true, data: 'x'.repeat(5000) }));
    const error = (await failure(client.call(loose))) as ApiRequestError;
    expect(error.failure).toBe('response-too-large');
    // Without Content-Length: the stream is cut, not buffered.
    server.queue((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"result":true,"data":"');
      response.write('y'.repeat(4000));
      response.end('"}');
    });
    const streamed = (await failure(client.call(loose))) as ApiRequestError;
    expect(streamed.failure).toBe('response-too-large');
  });

  it('reads no more of an error page than maxResponseBytes (ky alone would read 10 MiB)', async () => {
    let written = 0;
    server.queue((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = `<p>${'z'.repeat(16 * 1024)}</p>`;
      response.write('<html><title>Bad gateway</title>');
      // An error page that never ends: only a cap ends the call.
      const pump = (): void => {
        while (!response.destroyed && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    const error = (await failure(client.call(loose, {}, { timeout: 5_000 }))) as ApiRequestError;
    expect(error.failure).toBe('http-status');
    expect(error.status).toBe(502);
    expect(error.responseBody?.startsWith('<html><title>Bad gateway</title>')).toBe(true);
    expect(error.responseBody?.endsWith('…[truncated at 1024 bytes]')).toBe(true);
    expect(error.responseBody?.length).toBeLessThanOrEqual(1024 + '…[truncated at 1024 bytes]'.length);
    // Far less than ky's 10 MiB reached the client's side of the socket.
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it('times out an attempt', async () => {
    server.queue((_request, response) => {
      setTimeout(() => {
        response.end('{}');
      }, 1000);
    });
    const error = (await failure(client.call(loose, {}, { timeout: 100 }))) as ApiRequestError;
    expect(error.failure).toBe('timeout');
  });

  it('times out a body that stops arriving', async () => {
    server.queue((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"result":true,');
      setTimeout(() => response.end('"data":1}'), 1000);
    });
    const error = (await failure(client.call(loose, {}, { timeout: 150 }))) as ApiRequestError;
    expect(error.failure).toBe('timeout');
  });

  it('reports a refused connection as a network failure', async () => {
    const refused = createClient({ baseUrl: `http://127.0.0.1:${await unusedPort()}/`, appCode: 'a', appSecret: 'secret-x', retry: false });
    const error = (await failure(refused.call(loose))) as ApiRequestError;
    expect(error.failure).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    await refused.close();
  });
});
