import { Client, errors } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 10, elasticsearch: { username: 'elastic', password: 's3cret', version: '7.10.2' } });
});
afterAll(async () => {
  await sandbox.close();
});

const basic = (username: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});

describe('Elasticsearch-compatible listener', () => {
  it('listens on its own port of the same host', () => {
    const url = new URL(sandbox.elasticsearchUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.port).not.toBe(new URL(sandbox.url).port);
  });

  it('answers GET / with the node info and the product header', async () => {
    const response = await fetch(`${sandbox.elasticsearchUrl}/`, { headers: basic('elastic', 's3cret') });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({
      name: expect.any(String) as string,
      cluster_name: 'sandbox-es',
      cluster_uuid: expect.stringMatching(/^[\w-]{22}$/) as string,
      version: {
        number: '7.10.2',
        build_flavor: 'default',
        lucene_version: '8.7.0',
        minimum_wire_compatibility_version: '6.8.0',
        minimum_index_compatibility_version: '6.0.0-beta1',
      },
      tagline: 'You Know, for Search',
    });
  });

  it('answers HEAD / with 200 and no body', async () => {
    const response = await fetch(`${sandbox.elasticsearchUrl}/`, { method: 'HEAD', headers: basic('elastic', 's3cret') });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(await response.text()).toBe('');
  });

  it('answers 401 with WWW-Authenticate for missing or wrong credentials', async () => {
    for (const headers of [{}, basic('elastic', 'wrong')]) {
      const response = await fetch(`${sandbox.elasticsearchUrl}/`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Basic realm="security"');
      expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
      expect(await response.json()).toMatchObject({ status: 401, error: { type: 'security_exception' } });
    }
  });

  it('answers cluster health and an ES-style error for other paths', async () => {
    expect(await (await fetch(`${sandbox.elasticsearchUrl}/_cluster/health`, { headers: basic('elastic', 's3cret') })).json()).toMatchObject({
      status: 'green',
    });
    const unknown = await fetch(`${sandbox.elasticsearchUrl}/_nope`, { headers: basic('elastic', 's3cret') });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { type: 'illegal_argument_exception' } });
  });

  it('works with the official @elastic/elasticsearch 9 client: ping() and info()', async () => {
    const client = new Client({ node: sandbox.elasticsearchUrl, auth: { username: 'elastic', password: 's3cret' } });
    try {
      expect(await client.ping()).toBe(true);
      const info = await client.info();
      expect(info.version.number).toBe('7.10.2');
      expect(info.tagline).toBe('You Know, for Search');
    } finally {
      await client.close();
    }
  });

  it('makes the official client fail with wrong credentials', async () => {
    const client = new Client({ node: sandbox.elasticsearchUrl, auth: { username: 'elastic', password: 'wrong' } });
    try {
      await expect(client.info()).rejects.toBeInstanceOf(errors.ResponseError);
      await expect(client.info()).rejects.toMatchObject({ meta: { statusCode: 401 } });
    } finally {
      await client.close();
    }
  });
});

describe("mode 'not-elasticsearch'", () => {
  it('answers like a plain web server, which the official client refuses', async () => {
    const other = await startSandbox({ recordCount: 10, elasticsearch: { mode: 'not-elasticsearch' } });
    try {
      const response = await fetch(`${other.elasticsearchUrl}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-elastic-product')).toBeNull();
      expect(await response.text()).toContain('nginx');
      const client = new Client({ node: other.elasticsearchUrl, auth: { username: 'elastic', password: 'changeme' } });
      try {
        await expect(client.info()).rejects.toBeInstanceOf(errors.ProductNotSupportedError);
      } finally {
        await client.close();
      }
    } finally {
      await other.close();
    }
  });
});
