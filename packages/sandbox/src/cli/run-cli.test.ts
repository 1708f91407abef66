import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions, runCli, USAGE } from './run-cli.js';

const ROOT_NAMES = ['cmsi', 'wework', 'bkdataAccess', 'bkdataQuery', 'bkdataDatabus', 'bkdataDatabusV4', 'unifyQuery', 'metadata'] as const;

function fakeIo(): { output: string[]; signals: Map<string, () => void>; io: Parameters<typeof runCli>[1] } {
  const output: string[] = [];
  const signals = new Map<string, () => void>();
  return { output, signals, io: { write: (text) => output.push(text), onSignal: (signal, listener) => signals.set(signal, listener) } };
}

describe('parseCliOptions', () => {
  it('reads port, host, app code, app secret and seed (port 8400 by default)', () => {
    expect(parseCliOptions([])).toEqual({ port: 8400 });
    expect(parseCliOptions(['--port', '0', '--host', '127.0.0.1', '--app-code', 'a', '--app-secret', 'b', '--seed', '7'])).toEqual({
      port: 0,
      host: '127.0.0.1',
      appCode: 'a',
      appSecret: 'b',
      seed: 7,
    });
    expect(parseCliOptions(['--help'])).toBeUndefined();
  });

  it('refuses bad values and unknown flags', () => {
    expect(() => parseCliOptions(['--port', 'x'])).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--port', '70000'])).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--verbose'])).toThrow(CliUsageError);
  });
});

describe('runCli', () => {
  it('prints the roots and listener addresses, serves, and stops on SIGINT', async () => {
    const { output, signals, io } = fakeIo();
    const running = await runCli(['--port', '0', '--app-code', 'cli_app', '--seed', '9'], io);
    expect(running).toBeDefined();
    const { sandbox, stopped } = running!;
    const banner = output.join('');
    expect(banner).toContain(`x-sandbox listening on ${sandbox.url}`);
    expect(banner).toContain('app code cli_app');
    expect(banner).toContain('seed 9');
    for (const url of [
      ...ROOT_NAMES.flatMap((name) => [sandbox.roots.legacy[name], sandbox.roots.gateway[name]]),
      sandbox.webhookUrl,
      sandbox.elasticsearchUrl,
    ])
      expect(banner).toContain(url);
    expect(banner).toContain(`${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port}`);
    expect((await fetch(`${sandbox.url}/healthz`)).status).toBe(200);
    expect([...signals.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);
    signals.get('SIGINT')!();
    await stopped;
    await expect(fetch(`${sandbox.url}/healthz`)).rejects.toThrow();
  });

  it('prints the usage for --help without starting anything', async () => {
    const { output, io } = fakeIo();
    expect(await runCli(['--help'], io)).toBeUndefined();
    expect(output.join('')).toBe(USAGE);
  });
});
