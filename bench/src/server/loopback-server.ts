// The loopback server, run in its own process (forked by start-server.ts) so that its CPU time never
// counts against the client being measured. Answers are prepared once; the list endpoint renders
// pages on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { envelopeText, hostPageText, largeMessageTypes, smallMessageTypes, wecomAnswer } from './payloads.ts';
import { lineRoutes, routes, slowDelayMs, type ClientMessage, type RouteCounts, type ServerMessage } from './server-protocol.ts';

const small = Buffer.from(envelopeText(smallMessageTypes()));
const large = Buffer.from(envelopeText(largeMessageTypes()));
const weworkSent = Buffer.from(envelopeText(wecomAnswer()));
const robotSent = Buffer.from(JSON.stringify(wecomAnswer()));
const notFound = Buffer.from(JSON.stringify({ result: false, code: 404, message: 'no such route', data: null }));
const counts: RouteCounts = {};
// Connections already given to a line (the line of their first request).
const attributed = new WeakSet<Socket>();

function count(key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function send(response: ServerResponse, status: number, body: Buffer | string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    request.on('error', reject);
  });
}

function numberField(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

async function listPage(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = (await readJson(request)) as { page?: { start?: unknown; limit?: unknown }; total?: unknown } | null;
  const total = numberField(body?.total, 1000);
  const start = numberField(body?.page?.start, 0);
  const limit = numberField(body?.page?.limit, 500);
  send(response, 200, hostPageText(total, start, limit));
}

const server = createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, (request, response) => {
  const url = request.url ?? '/';
  const segments = url.split(/[/?]/, 3);
  const route = segments[1] ?? '';
  // Routes with a line segment are counted per client line (`/small/<line>/...`), the others per route.
  const line = lineRoutes.has(route) ? (segments[2] ?? '') : undefined;
  count(line === undefined ? route : `${route}/${line}`);
  if (line !== undefined && !attributed.has(request.socket)) {
    attributed.add(request.socket);
    count(`connections/${line}`);
  }
  switch (route) {
    case routes.small:
    case routes.cached:
      send(response, 200, small);
      return;
    case routes.large:
      send(response, 200, large);
      return;
    case routes.slow:
      setTimeout(() => {
        send(response, 200, small);
      }, slowDelayMs);
      return;
    case routes.wework:
      request.resume();
      send(response, 200, weworkSent);
      return;
    case routes.robot:
      request.resume();
      send(response, 200, robotSent);
      return;
    case routes.list:
      listPage(request, response).catch((error: unknown) => {
        send(response, 400, JSON.stringify({ result: false, code: 400, message: String(error), data: null }));
      });
      return;
    default:
      send(response, 404, notFound);
  }
});
server.on('connection', () => {
  count('connections');
});
server.headersTimeout = 120_000;
server.maxHeadersCount = 0;

function reply(message: ServerMessage): void {
  process.send?.(message);
}

process.on('message', (message: ClientMessage) => {
  switch (message.type) {
    case 'counts':
      reply({ type: 'counts', id: message.id, counts: { ...counts } });
      return;
    case 'reset':
      for (const key of Object.keys(counts)) Reflect.deleteProperty(counts, key);
      return;
    case 'close':
      server.closeAllConnections();
      server.close(() => process.exit(0));
      return;
  }
});
// The parent died or closed the channel: never linger as an orphan.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  reply({ type: 'ready', port: address.port });
});
