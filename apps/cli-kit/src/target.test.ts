import { describe, expect, it } from 'vitest';
import { chooseTarget, hasApiHostEnvironment } from './target.js';

describe('chooseTarget', () => {
  const deployment = { BK_COMPONENT_API_URL: 'https://paas.example.com', BK_SANDBOX_URL: 'http://127.0.0.1:8400' };

  it('starts an embedded sandbox for --sandbox, whatever else is given', () => {
    expect(chooseTarget({ sandbox: true, apiHost: 'http://127.0.0.1:9000' }, deployment)).toEqual({ kind: 'embedded-sandbox', reason: '--sandbox given' });
  });

  it('prefers --api-host, then BK_SANDBOX_URL, to the deployment of the environment', () => {
    expect(chooseTarget({ apiHost: ' http://127.0.0.1:9000 ' }, deployment)).toEqual({ kind: 'sandbox', apiHost: 'http://127.0.0.1:9000' });
    expect(chooseTarget({ apiHost: '' }, deployment)).toEqual({ kind: 'sandbox', apiHost: 'http://127.0.0.1:8400' });
  });

  it('uses the BlueKing deployment of the environment, with the first API host variable set', () => {
    expect(chooseTarget({}, { BK_PAAS_HOST: 'https://paas.example.com', BK_PAAS_INNER_HOST: 'http://paas.inner' })).toEqual({ kind: 'blueking', apiHost: 'http://paas.inner' });
  });

  it('lets the app decide what configures a deployment', () => {
    const rootOnly = { QUERY_ROOT: 'https://gateway.example.com/query' };
    expect(chooseTarget({}, rootOnly, (env) => env.QUERY_ROOT !== undefined)).toEqual({ kind: 'blueking', apiHost: undefined });
    expect(chooseTarget({}, rootOnly)).toEqual({ kind: 'embedded-sandbox', reason: 'no BlueKing host in the environment (BK_COMPONENT_API_URL)' });
  });

  it('sees an API host only when one of its variables is set and not blank', () => {
    expect(hasApiHostEnvironment({ BK_COMPONENT_API_URL: ' ' })).toBe(false);
    expect(hasApiHostEnvironment({ BK_PAAS_HOST: 'https://paas.example.com' })).toBe(true);
  });
});
