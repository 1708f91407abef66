import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, Next } from 'hono';
import { failure, GATEWAY_ERRORS, gatewayError } from './sandbox-envelope.js';
import type { SandboxEnv } from './sandbox-env.js';
import type { SandboxFault } from './sandbox-types.js';

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

function statusError(status: number | undefined): (typeof GATEWAY_ERRORS)[keyof typeof GATEWAY_ERRORS] {
  switch (status) {
    case 500:
      return GATEWAY_ERRORS.internalError;
    case 502:
      return GATEWAY_ERRORS.badGateway;
    case 504:
      return GATEWAY_ERRORS.timeout;
    default:
      return GATEWAY_ERRORS.unavailable;
  }
}

function htmlPage(status: number): string {
  const title = `${status} ${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Time-out' : 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Resets the connection mid-response: the status line, the headers (announcing a longer body than
 * is sent) and the first bytes go out, then the socket is destroyed once they are flushed. A
 * client sees a response whose body read fails, which is the harder case of the two.
 */
function resetMidResponse(c: Context<SandboxEnv>): Response {
  const outgoing = c.env.outgoing;
  const partial = '{"result": true, "code": 0, "message": "OK", "data": {';
  outgoing.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(partial.length + 512),
    'x-bkapi-request-id': c.get('requestId'),
  });
  outgoing.write(partial, () => {
    outgoing.socket?.destroy();
  });
  return RESPONSE_ALREADY_SENT;
}

/** Streams the already computed response in four chunks `ms` apart. */
async function slowBody(c: Context<SandboxEnv>, ms: number): Promise<void> {
  const original = c.res;
  const bytes = new Uint8Array(await original.arrayBuffer());
  const chunkSize = Math.max(1, Math.ceil(bytes.length / 4));
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset > 0) await sleep(ms);
      controller.enqueue(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
      if (offset >= bytes.length) controller.close();
    },
  });
  const headers = new Headers(original.headers);
  headers.delete('content-length');
  c.res = undefined;
  c.res = new Response(stream, { status: original.status, headers });
}

/** Plays one fault; `next` runs the route for the kinds that still answer normally. */
export async function playFault(c: Context<SandboxEnv>, fault: SandboxFault, next: Next): Promise<Response | undefined> {
  switch (fault.kind) {
    case 'latency':
      await sleep(fault.ms ?? 100);
      await next();
      return undefined;
    case 'status': {
      const error = statusError(fault.status);
      return gatewayError(c, { ...error, message: `sandbox fault: upstream answered ${error.status}` });
    }
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      return gatewayError(c, { ...GATEWAY_ERRORS.rateLimited, message: 'sandbox fault: rate limit exceeded' }, { 'retry-after': String(seconds) });
    }
    case 'reset':
      return resetMidResponse(c);
    case 'reset-after-processing':
      await next();
      c.env.outgoing.socket?.destroy();
      return RESPONSE_ALREADY_SENT;
    case 'malformed-json':
      return c.body('{"result": true, "code": 0, "message": "OK", "data": {"list": [{"id": 1,', 200, { 'content-type': 'application/json; charset=utf-8' });
    case 'html': {
      const status = fault.status ?? 502;
      return c.html(htmlPage(status), status === 500 || status === 503 || status === 504 ? status : 502);
    }
    case 'result-false':
      return failure(c, 1650500, 'sandbox fault: the component answered result false');
    case 'slow-body':
      await next();
      await slowBody(c, fault.ms ?? 50);
      return undefined;
  }
}
