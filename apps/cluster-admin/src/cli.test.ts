import { PassThrough } from 'node:stream';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runClusterAdmin } from './cli.js';

function capture(env: Record<string, string> = {}): { io: CliIo; stdout: () => string; stderr: () => string } {
  const texts = ['', ''];
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  stdout.setEncoding('utf8').on('data', (chunk: string) => (texts[0] = `${texts[0] ?? ''}${chunk}`));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (texts[1] = `${texts[1] ?? ''}${chunk}`));
  const stdin = new PassThrough();
  stdin.end();
  return { io: { stdout, stderr, stdin, env }, stdout: () => texts[0] ?? '', stderr: () => texts[1] ?? '' };
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('runClusterAdmin in-process', () => {
  it('starts an embedded sandbox for --sandbox only, and says so', async () => {
    const captured = capture();
    expect(await runClusterAdmin(['kafka', 'list', '--json', '--sandbox'], captured.io)).toBe(EXIT_OK);
    expect(captured.stderr()).toMatch(/^cluster-admin: --sandbox given: using an embedded sandbox at http:\/\/127\.0\.0\.1:\d+ for this command only/);
    expect(JSON.parse(captured.stdout())).toEqual([expect.objectContaining({ name: 'kafka_default', isDefault: true })]);

    const nowhere = capture();
    expect(await runClusterAdmin(['kafka', 'list'], nowhere.io)).toBe(EXIT_USAGE);
    expect(nowhere.stderr()).toMatch(/^cluster-admin: no BlueKing deployment is configured, .* or pass --sandbox\n$/);
    expect(nowhere.stdout()).toBe('');
  });

  it('uses a deployment configured by the environment: gateway URLs with BKAPP_USE_APIGW, legacy without', async () => {
    const gateway = capture({ BK_COMPONENT_API_URL: sandbox.url, BK_APP_CODE: 'bk_sandbox', BK_APP_SECRET: 'sandbox-secret', BKAPP_USE_APIGW: 'true' });
    expect(await runClusterAdmin(['es', 'list'], gateway.io)).toBe(EXIT_OK);
    expect(gateway.stderr()).toBe('');
    expect(sandbox.lastCall('cluster_info')?.path).toBe('/api/bk-monitor/prod/app/metadata/get_cluster_info/');

    const legacy = capture({ BK_COMPONENT_API_URL: sandbox.url, BK_APP_CODE: 'bk_sandbox', BK_APP_SECRET: 'sandbox-secret' });
    expect(await runClusterAdmin(['es', 'list'], legacy.io)).toBe(EXIT_OK);
    expect(sandbox.lastCall('cluster_info')?.path).toBe('/api/c/compapi/v2/monitor_v3/metadata_get_cluster_info/');

    // An id metadata does not hold: the server's state, a failure (1), not a usage mistake.
    const unknown = capture({ BK_COMPONENT_API_URL: sandbox.url, BK_APP_CODE: 'bk_sandbox', BK_APP_SECRET: 'sandbox-secret' });
    expect(await runClusterAdmin(['es', 'show', '987'], unknown.io)).toBe(EXIT_FAILURE);
    expect(unknown.stderr()).toContain('no elasticsearch cluster with id 987 is registered');

    // A setting the SDK finds missing before sending is a usage mistake, like a bad flag: 2.
    const missing = capture({ BK_COMPONENT_API_URL: sandbox.url });
    const before = sandbox.calls.length;
    expect(await runClusterAdmin(['es', 'list'], missing.io)).toBe(EXIT_USAGE);
    expect(sandbox.calls.length).toBe(before);
    expect(missing.stderr()).toMatch(/appCode is not configured: pass it in the settings or set one of BK_APP_CODE, BKPAAS_APP_ID, APP_ID/);
  });

  it('does not start anything for a usage error or a probe', async () => {
    const usage = capture();
    expect(await runClusterAdmin(['es', 'register', '--biz', '2'], usage.io)).toBe(EXIT_USAGE);
    expect(usage.stderr()).toMatch(/^cluster-admin: missing required argument 'name'/);

    const probe = capture();
    expect(await runClusterAdmin(['--', 'probe', 'kafka', `${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port}`, '--json'], probe.io)).toBe(EXIT_OK);
    expect(probe.stderr()).toBe('');
    expect(JSON.parse(probe.stdout())).toMatchObject({ reachable: true, apiVersionsVersion: 3 });
  });
});
