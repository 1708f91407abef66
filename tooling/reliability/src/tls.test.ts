import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBkdata } from '@x/bkdata';
import { createCmsi } from '@x/cmsi';
import type { TlsSettings } from '@x/core-client';
import { ApiRequestError, BkError } from '@x/errors';
import { probeElasticsearch } from '@x/infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Certificates are made for this run (openssl req -x509), so no key pair is committed.
interface Certificate {
  readonly cert: string;
  readonly key: string;
}

function selfSigned(folder: string, name: string, subjectAltName: string): Certificate {
  const keyFile = join(folder, `${name}-key.pem`);
  const certFile = join(folder, `${name}-cert.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=${subjectAltName}`,
    ],
    { stdio: 'pipe' },
  );
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

interface HttpsServer {
  readonly url: string;
  readonly port: number;
  requests: number;
  close(): Promise<void>;
}

/** An HTTPS server answering BlueKing envelopes, and `GET /` like Elasticsearch 7.10. */
async function startHttpsServer(certificate: Certificate): Promise<HttpsServer> {
  const state = { requests: 0 };
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (request, response) => {
    state.requests += 1;
    request.resume();
    request.on('end', () => {
      if (request.url === '/' || request.url === '') {
        response.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        response.end(
          JSON.stringify({
            name: 'tls-es',
            cluster_name: 'tls',
            cluster_uuid: 'u',
            version: { number: '7.10.2', distribution: 'default' },
            tagline: 'You Know, for Search',
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          result: true,
          code: 0,
          message: 'OK',
          data: request.url?.includes('get_msg_type') ? [{ type: 'mail', label: 'Mail' }] : { raw_data_id: 1000 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    set requests(value: number) {
      state.requests = value;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

let folder: string;
let trusted: Certificate;
let otherCa: Certificate;
let wrongHost: Certificate;
let server: HttpsServer;
let wrongHostServer: HttpsServer;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'reliability-tls-'));
  trusted = selfSigned(folder, 'localhost', 'DNS:localhost,IP:127.0.0.1');
  otherCa = selfSigned(folder, 'other', 'DNS:other.example');
  wrongHost = selfSigned(folder, 'elsewhere', 'DNS:elsewhere.example');
  server = await startHttpsServer(trusted);
  wrongHostServer = await startHttpsServer(wrongHost);
});
afterAll(async () => {
  await Promise.all([server.close(), wrongHostServer.close()]);
  rmSync(folder, { recursive: true, force: true });
});

async function outcome(run: () => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The first `code` in an error's cause chain (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
function causeCode(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && !/^\d+$/.test(code)) return code;
  return causeCode((error as { cause?: unknown }).cause, depth + 1);
}

const integrations = [
  {
    name: 'cmsi.getMsgType',
    call: async (target: HttpsServer, tls: TlsSettings | undefined) => {
      const cmsi = createCmsi({
        baseUrl: `${target.url}/api/c/compapi/v2/cmsi/`,
        appCode: 'bk_log',
        appSecret: 'tls-secret',
        username: 'admin',
        retry: false,
        cacheTtl: 0,
        ...(tls === undefined ? {} : { tls }),
      });
      try {
        return await cmsi.getMsgType();
      } finally {
        await cmsi.close();
      }
    },
  },
  {
    name: 'bkdata.access.getDeploySummary',
    call: async (target: HttpsServer, tls: TlsSettings | undefined) => {
      const bkdata = createBkdata({
        roots: { access: `${target.url}/access/` },
        appCode: 'bk_log',
        appSecret: 'tls-secret',
        username: 'admin',
        retry: false,
        cache: false,
        ...(tls === undefined ? {} : { tls }),
      });
      try {
        return await bkdata.access.getDeploySummary({ raw_data_id: 1000 });
      } finally {
        await bkdata.close();
      }
    },
  },
] as const;

describe.each(integrations)('TLS of $name against a self-signed server', ({ call }) => {
  it('is refused by default with an ApiRequestError (network), before any request is sent', async () => {
    server.requests = 0;
    for (const tls of [undefined, {}, { rejectUnauthorized: true }, { rejectUnauthorized: undefined }]) {
      const result = await outcome(async () => call(server, tls));
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(ApiRequestError.isInstance(result.error) && result.error.failure === 'network').toBe(true);
      expect(causeCode(result.error)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    }
    expect(server.requests).toBe(0);
  });

  it('is refused with another CA than the server’s', async () => {
    const result = await outcome(async () => call(server, { ca: otherCa.cert }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(ApiRequestError.isInstance(result.error) && result.error.failure === 'network').toBe(true);
  });

  it('is refused when the certificate names another host, even with its CA', async () => {
    wrongHostServer.requests = 0;
    const result = await outcome(async () => call(wrongHostServer, { ca: wrongHost.cert }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(BkError.isInstance(result.error)).toBe(true);
      expect(causeCode(result.error)).toMatch(/ALTNAME|HOST|CERT/);
    }
    expect(wrongHostServer.requests).toBe(0);
  });

  it('is accepted with its CA passed', async () => {
    const result = await outcome(async () => call(server, { ca: trusted.cert }));
    expect(result).toMatchObject({ ok: true });
    const asList = await outcome(async () => call(server, { ca: [otherCa.cert, Buffer.from(trusted.cert)] }));
    expect(asList).toMatchObject({ ok: true });
  });

  it('is accepted with the explicit opt-out rejectUnauthorized: false', async () => {
    const result = await outcome(async () => call(server, { rejectUnauthorized: false }));
    expect(result).toMatchObject({ ok: true });
  });
});

describe('TLS of the Elasticsearch probe (@x/infra) against a self-signed server', () => {
  const probe = async (options: { sslVerify?: boolean; ca?: string }) =>
    outcome(async () => probeElasticsearch({ host: '127.0.0.1', port: server.port, schema: 'https', timeoutMs: 5_000, ...options }));

  it('is refused by default (stage tls)', async () => {
    const result = await probe({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(ApiRequestError.isInstance(result.error)).toBe(true);
      expect((result.error as ApiRequestError).data).toMatchObject({ stage: 'tls' });
    }
  });

  it('is accepted with its CA, or with sslVerify: false', async () => {
    expect(await probe({ ca: trusted.cert })).toMatchObject({ ok: true, value: { version: '7.10.2' } });
    expect(await probe({ sslVerify: false })).toMatchObject({ ok: true, value: { version: '7.10.2' } });
  });
});
