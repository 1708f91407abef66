import { ApiRequestError, RetryError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, json, startTestServer, type TestServer } from '../test-support/start-test-server.js';
import { RetryBudget } from './retry-budget.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

const read = defineEndpoint({ module: 'test', name: 'read', method: 'GET', path: 'read/' });
const quick = { attempts: 3, backoff: { initialDelay: 1, factor: 1, maxDelay: 1, jitter: false } } as const;

describe('RetryBudget (AWS standard retry quota)', () => {
  it('charges 5 per retry, 10 after a timeout or connection failure, and refunds on success', () => {
    const budget = new RetryBudget({ capacity: 20 });
    expect(budget.acquire('other')).toBe(5);
    expect(budget.acquire('timeout-or-network')).toBe(10);
    expect(budget.tokens).toBe(5);
    expect(budget.acquire('timeout-or-network')).toBeUndefined();
    expect(budget.tokens).toBe(5);
    budget.release(10);
    expect(budget.tokens).toBe(15);
    budget.release(undefined);
    expect(budget.tokens).toBe(16);
    budget.release(10);
    expect(budget.tokens).toBe(20);
  });
});

describe('retry budget of a client', () => {
  it('fails at once with retryBudgetExhausted when the bucket cannot pay, without waiting a backoff', async () => {
    // Room for two retries (5 each), then none.
    const client = createClient({
      baseUrl: server.url,
      appCode: 'a',
      appSecret: 'budget-secret',
      retry: { ...quick, backoff: { ...quick.backoff, initialDelay: 2000, maxDelay: 2000 } },
      retryBudget: { capacity: 10 },
    });
    server.fallback(json({ message: 'busy' }, 503));
    const spent = await client.call(read, {}, { retry: quick }).catch((caught: unknown) => caught);
    expect((spent as RetryError).reason).toBe('maxAttemptsExceeded');
    expect(server.requests).toHaveLength(3);
    const started = performance.now();
    const refused = await client.call(read).catch((caught: unknown) => caught);
    expect(RetryError.isInstance(refused)).toBe(true);
    expect((refused as RetryError).reason).toBe('retryBudgetExhausted');
    expect((refused as RetryError).attempts).toBe(1);
    expect((refused as RetryError).lastStatus).toBe(503);
    expect(ApiRequestError.isInstance((refused as RetryError).lastError)).toBe(true);
    expect(server.requests).toHaveLength(4);
    expect(performance.now() - started).toBeLessThan(1000);
    await client.close();
  });

  it('refills with successes, so calls are retried again once the upstream is back', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'budget-secret', retry: quick, retryBudget: { capacity: 5 } });
    server.queue(json({ message: 'busy' }, 503), envelope('recovered'));
    expect(await client.call(read)).toBe('recovered');
    // The retry took 5 and the success gave them back: the next failure may be retried again.
    server.queue(json({ message: 'busy' }, 503), envelope('again'));
    expect(await client.call(read)).toBe('again');
    expect(server.requests).toHaveLength(4);
    await client.close();
  });

  it('is shared by every call of one client, not across clients, and false turns it off', async () => {
    server.fallback(json({ message: 'busy' }, 503));
    const budgeted = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'budget-secret', retry: quick, retryBudget: { capacity: 5 } });
    const other = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'budget-secret', retry: quick, retryBudget: { capacity: 5 } });
    const unlimited = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'budget-secret', retry: quick, retryBudget: false });
    const reasons = async (client: typeof budgeted): Promise<string> => ((await client.call(read).catch((caught: unknown) => caught)) as RetryError).reason;
    expect(await reasons(budgeted)).toBe('retryBudgetExhausted'); // one retry paid, the second refused
    expect(await reasons(budgeted)).toBe('retryBudgetExhausted');
    expect(await reasons(other)).toBe('retryBudgetExhausted');
    for (let round = 0; round < 5; round += 1) expect(await reasons(unlimited)).toBe('maxAttemptsExceeded');
    // budgeted: 2 + 1 requests; other: 2; unlimited: 5 × 3.
    expect(server.requests).toHaveLength(3 + 2 + 15);
    await Promise.all([budgeted.close(), other.close(), unlimited.close()]);
  });
});
