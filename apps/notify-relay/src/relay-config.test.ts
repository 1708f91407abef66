import { describe, expect, it } from 'vitest';
import { describeOptions, parseCommandLine, redactUrl, RelayConfigError, resolveRelayOptions, USAGE } from './relay-config.js';

const noFlags = { help: false, sandbox: false } as const;

describe('parseCommandLine', () => {
  it('reads the options and --help', () => {
    expect(parseCommandLine(['--help'])).toEqual({ help: true });
    expect(parseCommandLine(['-h'])).toEqual({ help: true });
    expect(parseCommandLine(['--', '--help'])).toEqual({ help: true });
    expect(parseCommandLine(['--port', '0', '--db', '/tmp/q.sqlite', '--redis-url', 'redis://127.0.0.1:6379', '--sandbox'])).toEqual({
      help: false,
      port: '0',
      host: undefined,
      db: '/tmp/q.sqlite',
      redisUrl: 'redis://127.0.0.1:6379',
      sandbox: true,
      acceptRedisDataLoss: false,
    });
    expect(parseCommandLine(['--sandbox', '--accept-redis-data-loss'])).toMatchObject({ sandbox: true, acceptRedisDataLoss: true });
  });

  it('refuses unknown options and stray arguments', () => {
    expect(() => parseCommandLine(['--bogus'])).toThrow(RelayConfigError);
    expect(() => parseCommandLine(['start'])).toThrow(/Unexpected argument 'start'/);
  });

  it('documents every variable it reads', () => {
    for (const name of [
      'PORT',
      'HOST',
      'NOTIFY_RELAY_DB',
      'NOTIFY_RELAY_SANDBOX',
      'REDIS_URL',
      'BK_COMPONENT_API_URL',
      'BK_API_HOST',
      'BK_APP_CODE',
      'BK_APP_SECRET',
      'BKAPP_USE_APIGW',
      'BKPAAS_ENVIRONMENT',
      'NOTIFY_RELAY_ROUTING',
      'NOTIFY_RELAY_TOKEN',
      'NOTIFY_RELAY_ALLOWED_HOSTS',
      'NOTIFY_RELAY_HEADERS_TIMEOUT_MS',
      'NOTIFY_RELAY_REQUEST_TIMEOUT_MS',
      'NOTIFY_RELAY_MAX_CONNECTIONS',
      'NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS',
      '--accept-redis-data-loss',
      'NOTIFY_RELAY_RETENTION_DAYS',
    ]) {
      expect(USAGE).toContain(name);
    }
  });
});

describe('resolveRelayOptions', () => {
  it('defaults to port 8080 and the SQLite file, and uses the embedded sandbox only when asked for', () => {
    const options = resolveRelayOptions({ ...noFlags, sandbox: true }, {});
    expect(options).toMatchObject({ port: 8080, host: '127.0.0.1', dbPath: './.data/notify-relay.sqlite', redisUrl: undefined, sandbox: true });
    expect(options.blueking).toBeUndefined();
    expect(describeOptions(options)).toBe('queue: SQLite ./.data/notify-relay.sqlite; messages: the embedded sandbox');
    for (const value of ['1', 'true', 'YES']) expect(resolveRelayOptions(noFlags, { NOTIFY_RELAY_SANDBOX: value }).sandbox).toBe(true);
    expect(options).toMatchObject({ token: undefined, allowedHosts: undefined, acceptRedisDataLoss: false });
  });

  it('reads the access, connection and Redis-durability settings', () => {
    const options = resolveRelayOptions(
      { ...noFlags, sandbox: true },
      {
        NOTIFY_RELAY_TOKEN: 'relay-token-5b1f0c9e7d2a4f68',
        NOTIFY_RELAY_ALLOWED_HOSTS: 'relay.internal, 10.0.0.5 ,',
        NOTIFY_RELAY_HEADERS_TIMEOUT_MS: '3000',
        NOTIFY_RELAY_REQUEST_TIMEOUT_MS: '8000',
        NOTIFY_RELAY_MAX_CONNECTIONS: '64',
        NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS: '1',
        NOTIFY_RELAY_RETENTION_DAYS: '30',
      },
    );
    expect(options).toMatchObject({
      token: 'relay-token-5b1f0c9e7d2a4f68',
      allowedHosts: ['relay.internal', '10.0.0.5'],
      headersTimeoutMs: 3000,
      requestTimeoutMs: 8000,
      maxConnections: 64,
      acceptRedisDataLoss: true,
      retentionMs: 30 * 24 * 3600 * 1000,
    });
    expect(resolveRelayOptions({ ...noFlags, sandbox: true, acceptRedisDataLoss: true }, {}).acceptRedisDataLoss).toBe(true);
    expect(() => resolveRelayOptions({ ...noFlags, sandbox: true }, { NOTIFY_RELAY_MAX_CONNECTIONS: '0' })).toThrow(
      'NOTIFY_RELAY_MAX_CONNECTIONS must be an integer from 1 to 100000, got "0"',
    );
    expect(() => resolveRelayOptions({ ...noFlags, sandbox: true }, { NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS: 'sure' })).toThrow(
      /NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS must be 1 or 0/,
    );
  });

  it('refuses to start with neither BlueKing settings nor --sandbox / NOTIFY_RELAY_SANDBOX=1, naming the variables to set', () => {
    for (const env of [{}, { NOTIFY_RELAY_SANDBOX: '0' }, { BK_COMPONENT_API_URL: '  ', BK_APP_CODE: 'app', BK_APP_SECRET: 's' }]) {
      expect(() => resolveRelayOptions(noFlags, env)).toThrow(
        'no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: set BK_COMPONENT_API_URL (or BK_API_HOST) with BK_APP_CODE and BK_APP_SECRET, or pass --sandbox (or set NOTIFY_RELAY_SANDBOX=1)',
      );
    }
    expect(() => resolveRelayOptions(noFlags, { NOTIFY_RELAY_SANDBOX: 'maybe' })).toThrow(
      'NOTIFY_RELAY_SANDBOX must be 1 or 0 (true/false, yes/no), got "maybe"',
    );
  });

  it.each([
    ['BK_COMPONENT_API_URL', { BK_COMPONENT_API_URL: 'https://ops:Pw-in-url-4711@paas.example.com' }],
    ['BK_API_HOST', { BK_API_HOST: 'http://:Pw-in-url-4711@paas' }],
  ])('refuses a password in %s, naming it and never echoing the URL', (setting, hostEnv) => {
    let message = '';
    try {
      resolveRelayOptions(noFlags, { ...hostEnv, BK_APP_CODE: 'app', BK_APP_SECRET: 's' });
    } catch (error) {
      expect(error).toBeInstanceOf(RelayConfigError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      `${setting} contains a user name or password (user:password@host): remove them; BlueKing APIs authenticate with the app code and secret (BK_APP_CODE, BK_APP_SECRET)`,
    );
    expect(message).not.toContain('Pw-in-url-4711');
    expect(message).not.toContain('paas');
  });

  it('reads the environment, command-line options winning', () => {
    const options = resolveRelayOptions(
      { ...noFlags, port: '9000' },
      {
        NOTIFY_RELAY_SANDBOX: '1',
        PORT: '7000',
        NOTIFY_RELAY_DB: '/var/lib/relay.sqlite',
        REDIS_URL: 'redis://:pw@redis:6379/2',
        NOTIFY_RELAY_ROUTING: '{"page":["sms"],"digest":["mail"]}',
        NOTIFY_RELAY_MAX_CONTENT_LENGTH: '100',
        NOTIFY_RELAY_MAX_ATTEMPTS: '3',
        NOTIFY_RELAY_WEWORK_MSGTYPE: 'text',
      },
    );
    expect(options).toMatchObject({
      port: 9000,
      dbPath: '/var/lib/relay.sqlite',
      redisUrl: 'redis://:pw@redis:6379/2',
      routing: { page: ['sms'], digest: ['mail'] },
      maxContentLength: 100,
      retry: { maxAttempts: 3 },
      weworkMessageType: 'text',
    });
    expect(describeOptions(options)).toBe('queue: BullMQ on redis://:***@redis:6379/2; messages: the embedded sandbox');
  });

  it('targets a BlueKing deployment when its host is set', () => {
    const env = {
      BK_COMPONENT_API_URL: 'https://paas.example.com',
      BK_APP_CODE: 'bk_monitor',
      BK_APP_SECRET: 'app-secret-value',
      BKAPP_USE_APIGW: 'TRUE',
      BKPAAS_ENVIRONMENT: 'stag',
      BK_USERNAME: 'ops',
    };
    const options = resolveRelayOptions(noFlags, env);
    expect(options.blueking).toEqual({
      apiHost: 'https://paas.example.com',
      appCode: 'bk_monitor',
      appSecret: 'app-secret-value',
      gatewayMode: 'gateway',
      stage: 'stag',
      username: 'ops',
      tenantId: undefined,
    });
    expect(describeOptions(options)).toBe(
      'queue: SQLite ./.data/notify-relay.sqlite; messages: BlueKing at https://paas.example.com (gateway, stage stag, app bk_monitor)',
    );
    expect(describeOptions(options)).not.toContain('app-secret-value');
    expect(resolveRelayOptions(noFlags, { BK_API_HOST: 'http://paas', BKPAAS_APP_ID: 'app', BKPAAS_APP_SECRET: 's' }).blueking).toMatchObject({
      apiHost: 'http://paas',
      appCode: 'app',
      gatewayMode: 'legacy',
      stage: 'prod',
      username: 'admin',
    });
    expect(resolveRelayOptions({ ...noFlags, sandbox: true }, env).blueking).toBeUndefined();
  });

  it.each([
    [{ NOTIFY_RELAY_SANDBOX: '1', PORT: 'abc' }, 'PORT must be an integer from 0 to 65535, got "abc"'],
    [{ NOTIFY_RELAY_SANDBOX: '1', NOTIFY_RELAY_ROUTING: '{"critical":["pager"]}' }, /^NOTIFY_RELAY_ROUTING: invalid routing table at critical\.0/],
    [{ NOTIFY_RELAY_SANDBOX: '1', NOTIFY_RELAY_ROUTING: '{not json' }, /^NOTIFY_RELAY_ROUTING: /],
    [{ NOTIFY_RELAY_SANDBOX: '1', NOTIFY_RELAY_WEWORK_MSGTYPE: 'html' }, 'NOTIFY_RELAY_WEWORK_MSGTYPE must be markdown or text, got "html"'],
    [{ BK_COMPONENT_API_URL: 'http://paas' }, 'a BlueKing API host is set but no app code: set BK_APP_CODE or BKPAAS_APP_ID or APP_ID'],
    [
      { BK_COMPONENT_API_URL: 'http://paas', BK_APP_CODE: 'app' },
      'a BlueKing API host is set but no app secret: set BK_APP_SECRET or BKPAAS_APP_SECRET or APP_TOKEN',
    ],
  ])('names the variable at fault: %j', (env, message) => {
    expect(() => resolveRelayOptions(noFlags, env)).toThrow(message);
  });

  it('redacts passwords of URLs', () => {
    expect(redactUrl('redis://user:secret@host:1/0')).toBe('redis://user:***@host:1/0');
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});
