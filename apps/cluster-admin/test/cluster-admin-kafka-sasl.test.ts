// `probe kafka`, `kafka register` and `kafka update` against a SASL_PLAINTEXT sandbox broker: the
// password only from CLUSTER_PASSWORD (never argv), and a wrong one registers nothing.
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliRun } from './run-cli.js';
import { runCli } from './run-cli.js';

vi.setConfig({ testTimeout: 60_000 });

const PASSWORD = 'Kf-5b2d9c71-secret';
const WRONG = 'Kf-wrong-0a1b2c';

let sandbox: Sandbox;
let broker: string;
const outputs: CliRun[] = [];

async function run(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const result = await runCli([...args, '--api-host', sandbox.url], { env });
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 0, kafka: { saslRequired: true, mechanisms: ['PLAIN', 'SCRAM-SHA-512'], users: { bklog: PASSWORD } } });
  // `localhost`: kafka_default already holds 127.0.0.1 and the port.
  broker = `localhost:${sandbox.kafkaAddress.port}`;
});

afterAll(async () => {
  await sandbox.close();
});

describe('probe kafka with SASL', () => {
  it('authenticates with the password from CLUSTER_PASSWORD and prints the cluster', async () => {
    const result = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'SCRAM-SHA-512', '--username', 'bklog'], { CLUSTER_PASSWORD: PASSWORD });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}SASL +SCRAM-SHA-512 accepted \(the broker enables PLAIN, SCRAM-SHA-512\)$/m);
    expect(result.stdout).toMatch(/^ {2}cluster +c2FuZGJveC1rYWZrYS0xAA, controller 1 \(127\.0\.0\.1:\d+\)$/m);
    expect(result.stdout).toMatch(/^ {2}Metadata v12 +[\d.]+ ms$/m);
    const json = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'PLAIN', '--username', 'bklog', '--json'], { CLUSTER_PASSWORD: PASSWORD });
    expect(JSON.parse(json.stdout)).toMatchObject({ authenticated: true, saslMechanism: 'PLAIN', controllerId: 1 });
  });

  it('exits 1 with its own message for a wrong password, no credentials and a mechanism the broker does not enable', async () => {
    const wrong = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'SCRAM-SHA-512', '--username', 'bklog'], { CLUSTER_PASSWORD: WRONG });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('[kafka probe] SASL SCRAM-SHA-512 authentication as "bklog" was refused: the user name or password is wrong');
    const none = await run(['probe', 'kafka', broker]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('its listener requires SASL authentication');
    const mechanism = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'SCRAM-SHA-256', '--username', 'bklog'], { CLUSTER_PASSWORD: PASSWORD });
    expect(mechanism.code).toBe(1);
    expect(mechanism.stderr).toContain('the broker does not enable SASL SCRAM-SHA-256; it enables PLAIN, SCRAM-SHA-512');
  });

  it('exits 2 for SASL without a user, a user without a mechanism, and no password', async () => {
    const noUser = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'PLAIN'], { CLUSTER_PASSWORD: PASSWORD });
    expect([noUser.code, noUser.stderr]).toEqual([2, 'cluster-admin: --sasl-mechanism PLAIN needs --username\n']);
    const noMechanism = await run(['probe', 'kafka', broker, '--username', 'bklog'], { CLUSTER_PASSWORD: PASSWORD });
    expect(noMechanism.code).toBe(2);
    expect(noMechanism.stderr).toContain('--username needs --sasl-mechanism');
    // Not a terminal, no CLUSTER_PASSWORD, no --password-prompt: no password at all.
    const noPassword = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'PLAIN', '--username', 'bklog']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('needs a password: set CLUSTER_PASSWORD');
    const unknown = await run(['probe', 'kafka', broker, '--sasl-mechanism', 'GSSAPI', '--username', 'bklog'], { CLUSTER_PASSWORD: PASSWORD });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/argument 'GSSAPI' is invalid\. Allowed choices are PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/);
  });
});

describe('kafka register and update with SASL', () => {
  it('registers with the right password, refuses a wrong one without registering, and re-authenticates on update', async () => {
    const base = [
      'kafka',
      'register',
      'kafka_sasl_cli',
      broker,
      '--security-protocol',
      'SASL_PLAINTEXT',
      '--sasl-mechanism',
      'SCRAM-SHA-512',
      '--username',
      'bklog',
    ];
    const wrong = await run(base, { CLUSTER_PASSWORD: WRONG });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('was refused: the user name or password is wrong');
    expect(sandbox.clusters.get('kafka_sasl_cli')).toBeUndefined();
    const missing = await run(['kafka', 'register', 'kafka_sasl_cli', broker]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('its listener requires SASL authentication');
    expect(sandbox.clusters.get('kafka_sasl_cli')).toBeUndefined();

    const register = await run(base, { CLUSTER_PASSWORD: PASSWORD });
    expect(register.stderr).toBe('');
    expect(register.stdout).toMatch(
      /^Probed Kafka at localhost:\d+: SASL SCRAM-SHA-512 accepted, ApiVersions v3 \(\d+ APIs\), cluster c2FuZGJveC1rYWZrYS0xAA, 1 broker, controller 1, /m,
    );
    const id = Number(/^Registered Kafka cluster kafka_sasl_cli \(id (\d+)\)\.$/m.exec(register.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);

    const badUpdate = await run(['kafka', 'update', String(id), '--description', 'rack 2', '--username', 'bklog'], { CLUSTER_PASSWORD: WRONG });
    expect(badUpdate.code).toBe(1);
    expect(badUpdate.stderr).toContain('was refused: the user name or password is wrong');
    const update = await run(['kafka', 'update', String(id), '--description', 'rack 2']);
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(sandbox.clusters.get(id)?.authInfo).toMatchObject({ username: 'bklog', password: PASSWORD });
  });
});

describe('secrets', () => {
  it('never printed a password', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) {
      for (const secret of [PASSWORD, WRONG]) {
        expect(output.stdout).not.toContain(secret);
        expect(output.stderr).not.toContain(secret);
      }
    }
  });
});
