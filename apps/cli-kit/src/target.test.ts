import { describe, expect, it } from 'vitest';
import { chooseTarget, hasApiHostEnvironment, missingTargetMessage, refuseUrlCredentials } from './target.js';
import { UsageError } from './usage-error.js';

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

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
    expect(chooseTarget({}, { BK_PAAS_HOST: 'https://paas.example.com', BK_PAAS_INNER_HOST: 'http://paas.inner' })).toEqual({
      kind: 'blueking',
      apiHost: 'http://paas.inner',
    });
  });

  it('lets the app name other variables that configure a deployment', () => {
    const rootOnly = { QUERY_ROOT: 'https://gateway.example.com/query' };
    expect(chooseTarget({}, rootOnly, { hostVariables: ['QUERY_ROOT'] })).toEqual({ kind: 'blueking', apiHost: undefined });
    expect(usageMessage(() => chooseTarget({}, rootOnly))).toBe(missingTargetMessage());
  });

  it('never falls back to a sandbox: without settings and without --sandbox it names what to set', () => {
    const message = usageMessage(() => chooseTarget({}, { BK_COMPONENT_API_URL: '  ', BK_APP_CODE: 'app' }));
    expect(message).toBe(
      'no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: set BK_COMPONENT_API_URL (or BK_PAAS_INNER_HOST, BK_PAAS_HOST) with BK_APP_CODE and BK_APP_SECRET, point --api-host or BK_SANDBOX_URL at a running sandbox, or pass --sandbox',
    );
    expect(missingTargetMessage({ hostVariables: ['BKAPP_UNIFYQUERY_APIGATEWAY_ROOT'] })).toContain(
      '(or BK_PAAS_INNER_HOST, BK_PAAS_HOST, BKAPP_UNIFYQUERY_APIGATEWAY_ROOT)',
    );
  });

  it.each([
    [{ apiHost: 'http://user:hunter2@127.0.0.1:9000' }, {}, '--api-host'],
    [{}, { BK_SANDBOX_URL: 'http://:hunter2@127.0.0.1:8400' }, 'BK_SANDBOX_URL'],
    [{}, { BK_COMPONENT_API_URL: 'https://ops:hunter2@paas.example.com' }, 'BK_COMPONENT_API_URL'],
    [{}, { BK_PAAS_HOST: 'https://paas.example.com', BK_PAAS_INNER_HOST: 'http://ops:hunter2@paas.inner' }, 'BK_PAAS_INNER_HOST'],
    [{}, { QUERY_ROOT: 'https://ops:hunter2@gateway.example.com/query' }, 'QUERY_ROOT'],
  ])('refuses credentials in a URL it would use (%j %j), naming %s and never the URL', (options, env, setting) => {
    const message = usageMessage(() => chooseTarget(options, env, { hostVariables: ['QUERY_ROOT'] }));
    expect(message).toBe(
      `${setting} contains a user name or password (user:password@host): remove them; BlueKing APIs authenticate with the app code and secret (BK_APP_CODE, BK_APP_SECRET)`,
    );
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('example.com');
  });

  it('does not look at URLs it does not use', () => {
    expect(chooseTarget({ sandbox: true }, { BK_COMPONENT_API_URL: 'https://ops:hunter2@paas.example.com' }).kind).toBe('embedded-sandbox');
  });

  it('sees an API host only when one of its variables is set and not blank', () => {
    expect(hasApiHostEnvironment({ BK_COMPONENT_API_URL: ' ' })).toBe(false);
    expect(hasApiHostEnvironment({ BK_PAAS_HOST: 'https://paas.example.com' })).toBe(true);
  });
});

describe('refuseUrlCredentials', () => {
  it('lets plain URLs and non-URLs through, and refuses an @ in the authority of a malformed one', () => {
    expect(() => {
      refuseUrlCredentials('https://paas.example.com/api?x=a@b', 'X');
    }).not.toThrow();
    expect(() => {
      refuseUrlCredentials('paas.example.com', 'X');
    }).not.toThrow();
    expect(
      usageMessage(() => {
        refuseUrlCredentials('http://us er:pw@exa mple', 'X');
      }),
    ).toMatch(/^X contains a user name or password/);
  });
});
