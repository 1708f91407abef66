import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './index.js';
import type { Sandbox, SandboxFault } from './index.js';
import { authorization } from './test-support/blueking-fetch.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 100 });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

const msgTypes = (target: Sandbox = sandbox): Promise<Response> => fetch(`${target.roots.legacy.cmsi}get_msg_type/`, { headers: authorization(target) });
const sendSms = (): Promise<Response> =>
  fetch(`${sandbox.roots.legacy.cmsi}send_sms/`, {
    method: 'POST',
    headers: { ...authorization(sandbox), 'content-type': 'application/json' },
    body: JSON.stringify({ receiver__username: 'admin', content: 'c' }),
  });

describe('fault kinds', () => {
  it.each([
    [500, 1650001],
    [502, 1650201],
    [503, 1650301],
    [504, 1650401],
  ])("'status' %i answers that status with gateway error headers and runs nothing", async (status, code) => {
    sandbox.inject({ kind: 'status', status });
    const response = await sendSms();
    expect(response.status).toBe(status);
    expect(response.headers.get('x-bkapi-error-code')).toBe(String(code));
    expect(response.headers.get('x-bkapi-request-id')).not.toBeNull();
    expect(await response.json()).toMatchObject({ result: false, code, data: null });
    expect(sandbox.outbox).toHaveLength(0);
  });

  it("'status' refuses a status other than 500/502/503/504", () => {
    expect(() => sandbox.inject({ kind: 'status', status: 418 })).toThrow(RangeError);
  });

  it("'rate-limit' answers 429 with Retry-After", async () => {
    sandbox.inject({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const response = await msgTypes();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ result: false, code: 1642903, code_name: 'RATE_LIMIT_RESTRICTION' });
  });

  it("'reset' sends headers then destroys the connection mid-body", async () => {
    sandbox.inject({ kind: 'reset', times: 1 });
    const response = await msgTypes();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bkapi-request-id')).not.toBeNull();
    await expect(response.text()).rejects.toThrow();
    // The next request gets a fresh connection and a normal answer.
    expect((await msgTypes()).status).toBe(200);
  });

  it("'reset' never runs the route: a send is not processed", async () => {
    sandbox.inject({ kind: 'reset', route: 'send_sms', times: 1 });
    const response = await sendSms();
    await expect(response.text()).rejects.toThrow();
    expect(sandbox.outbox).toHaveLength(0);
  });

  it("'reset-after-processing' runs the route, then drops the connection before answering", async () => {
    sandbox.inject({ kind: 'reset-after-processing', route: 'send_sms', times: 1 });
    await expect(sendSms()).rejects.toThrow();
    expect(sandbox.outbox).toHaveLength(1);
    expect(sandbox.outbox[0]).toMatchObject({ channel: 'sms', receivers: ['admin'] });
  });

  it("'malformed-json' answers 200 JSON that does not parse", async () => {
    sandbox.inject({ kind: 'malformed-json' });
    const response = await msgTypes();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it("'html' answers an nginx-style HTML page (502 by default)", async () => {
    sandbox.inject({ kind: 'html' });
    const response = await msgTypes();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<center><h1>502 Bad Gateway</h1></center>');
  });

  it("'result-false' answers a BlueKing envelope with result false and sends nothing", async () => {
    sandbox.inject({ kind: 'result-false' });
    const response = await sendSms();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: false, code: 1650500, data: null });
    expect(sandbox.outbox).toHaveLength(0);
  });

  it("'latency' delays, then answers normally", async () => {
    sandbox.inject({ kind: 'latency', ms: 40 });
    const started = performance.now();
    const response = await sendSms();
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(((await response.json()) as { result: boolean }).result).toBe(true);
    expect(sandbox.outbox).toHaveLength(1);
  });

  it("'slow-body' streams the real answer in chunks, pausing between them", async () => {
    sandbox.inject({ kind: 'slow-body', ms: 30 });
    const started = performance.now();
    const response = await msgTypes();
    expect(response.status).toBe(200);
    // Streamed, so no length is announced up front.
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const body = (await response.json()) as { result: boolean; data: unknown[] };
    // Four chunks with three pauses of 30 ms: the body cannot complete sooner.
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    expect(body.result).toBe(true);
    // get_msg_type's four channels (legacy-bk-paas cmsi toolkit/configs.py): the whole answer arrived.
    expect(body.data).toHaveLength(4);
  });
});

describe('fault selection', () => {
  it('hits only routes whose path contains the string, or matches the RegExp', async () => {
    sandbox.inject({ kind: 'status', status: 500, route: 'send_sms' });
    sandbox.inject({ kind: 'status', status: 504, route: /get_msg_type\/$/ });
    expect((await sendSms()).status).toBe(500);
    expect((await msgTypes()).status).toBe(504);
    const mail = await fetch(`${sandbox.roots.legacy.cmsi}send_mail/`, { method: 'POST', headers: authorization(sandbox) });
    expect(mail.status).toBe(200);
  });

  it('retires after `times` hits', async () => {
    sandbox.inject({ kind: 'status', status: 503, times: 2 });
    expect([(await msgTypes()).status, (await msgTypes()).status, (await msgTypes()).status]).toEqual([503, 503, 200]);
  });

  it('draws `probability` from the seed: the same seed gives the same pattern', async () => {
    const pattern = async (target: Sandbox): Promise<number[]> => {
      target.inject({ kind: 'status', status: 503, probability: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 24; index += 1) statuses.push((await msgTypes(target)).status);
      return statuses;
    };
    const twin = await startSandbox({ recordCount: 10 });
    try {
      const first = await pattern(sandbox);
      const second = await pattern(twin);
      expect(second).toEqual(first);
      const failures = first.filter((status) => status === 503).length;
      expect(failures).toBeGreaterThan(0);
      expect(failures).toBeLessThan(24);
      sandbox.reset();
      expect(await pattern(sandbox)).toEqual(first);
    } finally {
      await twin.close();
    }
  });

  it('never touches /healthz or /__sandbox/*', async () => {
    sandbox.inject({ kind: 'status', status: 500 });
    sandbox.inject({ kind: 'reset' });
    expect((await fetch(`${sandbox.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${sandbox.url}/__sandbox/outbox`)).status).toBe(200);
    expect((await fetch(`${sandbox.url}/__sandbox/calls`)).status).toBe(200);
  });

  it('inject() returns a handle whose remove() takes that fault out', async () => {
    const handle = sandbox.inject({ kind: 'status', status: 502 });
    expect((await msgTypes()).status).toBe(502);
    handle.remove();
    expect((await msgTypes()).status).toBe(200);
  });

  it('clearFaults() removes every fault, reset() restores the start faults', async () => {
    const faults: SandboxFault[] = [{ kind: 'status', status: 500, route: 'get_msg_type' }];
    const faulty = await startSandbox({ recordCount: 10, faults });
    try {
      expect((await msgTypes(faulty)).status).toBe(500);
      faulty.clearFaults();
      expect((await msgTypes(faulty)).status).toBe(200);
      faulty.reset();
      expect((await msgTypes(faulty)).status).toBe(500);
    } finally {
      await faulty.close();
    }
  });

  it('latencyMs delays every BlueKing route', async () => {
    const slow = await startSandbox({ recordCount: 10, latencyMs: 40 });
    try {
      const started = performance.now();
      expect((await msgTypes(slow)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    } finally {
      await slow.close();
    }
  });
});
