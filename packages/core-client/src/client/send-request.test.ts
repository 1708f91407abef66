import { describe, expect, it } from 'vitest';
import type { FetchFunction } from './client-settings.js';
import { withUnclonedResponses } from './send-request.js';

describe('withUnclonedResponses', () => {
  it('answers responses that clone to themselves, so ky’s hook clone tees nothing', async () => {
    const original = new Response('body');
    const fetch = withUnclonedResponses(async () => original);
    const response = await fetch('http://127.0.0.1/');
    expect(response).toBe(original);
    expect(response.clone()).toBe(response);
    expect(await response.text()).toBe('body');
  });

  it('leaves a response it cannot change as it is', async () => {
    const frozen = Object.freeze(new Response('body'));
    const inner: FetchFunction = async () => frozen;
    const response = await withUnclonedResponses(inner)('http://127.0.0.1/');
    expect(response).toBe(frozen);
    expect(response.clone()).not.toBe(response);
  });
});
