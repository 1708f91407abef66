import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, listen } from './listen.js';

/** Settings of the Elasticsearch-compatible listener. */
export interface ElasticsearchListenerOptions {
  readonly host: string;
  readonly username: string;
  readonly password: string;
  readonly version: string;
  readonly mode: 'elasticsearch' | 'not-elasticsearch';
  readonly clusterName?: string;
}

/** A running Elasticsearch-compatible listener. */
export interface ElasticsearchListener {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Lucene versions shipped with the Elasticsearch majors, for a believable `version` block. */
const LUCENE_VERSIONS: Readonly<Record<string, string>> = { '5': '6.6.1', '6': '7.7.3', '7': '8.7.0', '8': '9.12.0', '9': '10.1.0' };
const WIRE_COMPATIBILITY: Readonly<Record<string, string>> = { '5': '2.4.0', '6': '5.6.0', '7': '6.8.0', '8': '7.17.0', '9': '8.18.0' };
const INDEX_COMPATIBILITY: Readonly<Record<string, string>> = { '5': '2.0.0', '6': '5.0.0', '7': '6.0.0-beta1', '8': '7.0.0', '9': '8.0.0' };

function isAuthorized(request: IncomingMessage, options: ElasticsearchListenerOptions): boolean {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${options.username}:${options.password}`;
}

function send(request: IncomingMessage, response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'x-elastic-product': 'Elasticsearch',
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  // HEAD answers carry the headers of the GET answer and no body.
  response.end(request.method === 'HEAD' ? undefined : text);
}

function securityError(): unknown {
  const reason = 'unable to authenticate user for REST request [/]';
  return {
    error: {
      root_cause: [{ type: 'security_exception', reason, header: { 'WWW-Authenticate': 'Basic realm="security" charset="UTF-8"' } }],
      type: 'security_exception',
      reason,
    },
    status: 401,
  };
}

function rootInfo(options: ElasticsearchListenerOptions): unknown {
  const major = options.version.split('.')[0] ?? '7';
  const clusterName = options.clusterName ?? 'sandbox-es';
  const uuid = createHash('sha256').update(clusterName).digest('base64url').slice(0, 22);
  return {
    name: 'sandbox-es-node-1',
    cluster_name: clusterName,
    cluster_uuid: uuid,
    version: {
      number: options.version,
      build_flavor: 'default',
      build_type: 'docker',
      build_hash: createHash('sha1').update(options.version).digest('hex'),
      build_date: '2020-11-09T21:30:33.964949Z',
      build_snapshot: false,
      lucene_version: LUCENE_VERSIONS[major] ?? '8.7.0',
      minimum_wire_compatibility_version: WIRE_COMPATIBILITY[major] ?? '6.8.0',
      minimum_index_compatibility_version: INDEX_COMPATIBILITY[major] ?? '6.0.0-beta1',
    },
    tagline: 'You Know, for Search',
  };
}

function answerNotElasticsearch(request: IncomingMessage, response: ServerResponse): void {
  const page = '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>';
  response.writeHead(200, { 'content-type': 'text/html', server: 'nginx', 'content-length': String(page.length) });
  response.end(request.method === 'HEAD' ? undefined : page);
}

/**
 * Starts an HTTP listener that answers like an Elasticsearch node for connectivity probes: `HEAD /`
 * and `GET /` with basic auth, `GET /_cluster/health`, the `X-Elastic-Product` header on every
 * answer (the official client refuses a server without it) and Elasticsearch-style errors.
 */
export async function startElasticsearchListener(options: ElasticsearchListenerOptions): Promise<ElasticsearchListener> {
  const server = createServer((request, response) => {
    request.resume();
    if (options.mode === 'not-elasticsearch') {
      answerNotElasticsearch(request, response);
      return;
    }
    if (!isAuthorized(request, options)) {
      send(request, response, 401, securityError(), { 'www-authenticate': 'Basic realm="security" charset="UTF-8"' });
      return;
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if ((request.method === 'GET' || request.method === 'HEAD') && path === '/') {
      send(request, response, 200, rootInfo(options));
      return;
    }
    if (request.method === 'GET' && path === '/_cluster/health') {
      send(request, response, 200, {
        cluster_name: options.clusterName ?? 'sandbox-es',
        status: 'green',
        timed_out: false,
        number_of_nodes: 1,
        number_of_data_nodes: 1,
        active_primary_shards: 0,
        active_shards: 0,
      });
      return;
    }
    const reason = `no handler found for uri [${request.url ?? '/'}] and method [${request.method ?? 'GET'}]`;
    send(request, response, 400, {
      error: { root_cause: [{ type: 'illegal_argument_exception', reason }], type: 'illegal_argument_exception', reason },
      status: 400,
    });
  });
  const port = await listen(server, 0, options.host);
  return { url: `http://${options.host}:${port}`, port, close: () => closeServer(server) };
}
