import { PassThrough } from 'node:stream';
import { displayWidth } from '@x/cli-kit';
import type { OutputStream } from '@x/cli-kit';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, runLogSearch } from './cli.js';

interface Captured {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function capture(options: { env?: Record<string, string>; columns?: number; signal?: AbortSignal } = {}): Captured {
  const streams = [new PassThrough(), new PassThrough()] as const;
  const texts = ['', ''];
  streams.forEach((stream, index) => stream.setEncoding('utf8').on('data', (chunk: string) => (texts[index] = `${texts[index] ?? ''}${chunk}`)));
  const stdout = Object.assign(streams[0], { isTTY: options.columns !== undefined, columns: options.columns }) as OutputStream;
  return { io: { stdout, stderr: streams[1], env: options.env ?? {}, signal: options.signal }, stdout: () => texts[0] ?? '', stderr: () => texts[1] ?? '' };
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 3000 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('runLogSearch in-process', () => {
  it('fits the table to a narrow terminal', async () => {
    const captured = capture({ columns: 70, env: { BK_SANDBOX_URL: sandbox.url } });
    expect(await runLogSearch(['search', '*', '--index-set', '43', '--since', '6h', '--limit', '3'], captured.io)).toBe(EXIT_OK);
    const lines = captured.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines.slice(0, -1)) expect(displayWidth(line)).toBeLessThanOrEqual(70);
    expect(lines[2]).toMatch(/…$/);
  });

  it('maps usage errors to 2 and API failures to 1', async () => {
    const usage = capture();
    expect(await runLogSearch(['search', '*', '--index-set', '42', '--interval', 'often'], usage.io)).toBe(EXIT_USAGE);
    expect(usage.stderr()).toMatch(/^log-search: option '--interval <window>' argument 'often' is invalid/);

    const failure = capture({ env: { BK_SANDBOX_URL: sandbox.url, BK_APP_SECRET: 'wrong-secret' } });
    expect(await runLogSearch(['search', '*', '--index-set', '42'], failure.io)).toBe(EXIT_FAILURE);
    expect(failure.stderr()).toMatch(/^log-search: ApiRequestError \d+ \(HTTP 403, request id [0-9a-f-]{36}\)/);
    expect(failure.stderr()).not.toContain('wrong-secret');
  });

  it('uses the BlueKing deployment of the environment and says which variable is missing', async () => {
    const captured = capture({ env: { BK_COMPONENT_API_URL: sandbox.url, BKAPP_USE_APIGW: 'true' } });
    // A setting the SDK finds missing before sending is a usage mistake, like a bad flag: 2.
    const before = sandbox.calls.length;
    expect(await runLogSearch(['sql', 'SELECT 1 AS one FROM 2_bklog_audit LIMIT 1'], captured.io)).toBe(EXIT_USAGE);
    expect(sandbox.calls.length).toBe(before);
    expect(captured.stderr()).toMatch(
      /ValidationError \d+: appCode is not configured: pass it in the settings or set one of BK_APP_CODE, BKPAAS_APP_ID, APP_ID/,
    );

    const configured = capture({
      env: { BK_COMPONENT_API_URL: sandbox.url, BKAPP_USE_APIGW: 'true', BK_APP_CODE: 'bk_sandbox', BK_APP_SECRET: 'sandbox-secret' },
    });
    expect(await runLogSearch(['sql', 'SELECT 1 AS one FROM 2_bklog_audit LIMIT 1', '--json'], configured.io)).toBe(EXIT_OK);
    expect(JSON.parse(configured.stdout())).toMatchObject({ columns: ['one'], rows: [{ one: 1 }] });
    expect(sandbox.lastCall('query_sync')?.path).toBe('/api/bk-base/prod/v3/queryengine/query_sync/');
  });

  it('ignores the `--` that `pnpm start -- ...` passes on', async () => {
    const captured = capture();
    expect(await runLogSearch(['--', '--version'], captured.io)).toBe(EXIT_OK);
    expect(captured.stdout()).toMatch(/^log-search \(private app of bk-integrations\) built on @x\/unify-query \d+\.\d+\.\d+/);
  });

  it('returns 130 when interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const captured = capture({ env: { BK_SANDBOX_URL: sandbox.url }, signal: controller.signal });
    expect(await runLogSearch(['search', '*', '--index-set', '42'], captured.io)).toBe(EXIT_INTERRUPTED);
    expect(captured.stderr()).toContain('log-search: interrupted');
  });
});
