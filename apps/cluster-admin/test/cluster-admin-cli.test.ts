import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { displayWidth } from '@x/cli-kit';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliRun } from './run-cli.js';
import { runCli, runOnTerminal } from './run-cli.js';

// Every test starts Node processes; a busy machine needs more than the default 20 s.
vi.setConfig({ testTimeout: 60_000 });

// A password that cannot appear in any output by accident.
const PASSWORD = 'Pw-7f3c1e9a-secret';

let sandbox: Sandbox;
let esAddress: string;
let kafkaAddress: string;
let closedPort: number;
const outputs: CliRun[] = [];

async function run(args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const result = await runCli([...args, '--api-host', sandbox.url], options);
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 0, elasticsearch: { password: PASSWORD } });
  esAddress = new URL(sandbox.elasticsearchUrl).host;
  kafkaAddress = `${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port}`;
  // A port that was just free: nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
});

afterAll(async () => {
  await sandbox.close();
});

describe('probe', () => {
  it('probe es prints the timings, the version and the cluster', async () => {
    const result = await run(['probe', 'es', esAddress, '--username', 'elastic'], { env: { CLUSTER_PASSWORD: PASSWORD } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Elasticsearch at ${esAddress} \\(http://${esAddress}, IPv4 127\\.0\\.0\\.1\\)\\n`));
    expect(result.stdout).toMatch(/^ {2}version {9}7\.10\.2$/m);
    expect(result.stdout).toMatch(/^ {2}cluster {9}sandbox-es \(uuid \w+\)$/m);
    expect(result.stdout).toMatch(/^ {2}credentials {5}sent, accepted$/m);
    for (const label of ['TCP connect', 'HEAD /', 'GET /', 'total']) expect(result.stdout).toMatch(new RegExp(`^ {2}${label} +\\d+\\.\\d+ ms$`, 'm'));

    const json = await run(['probe', 'es', esAddress, '--username', 'elastic', '--json'], { env: { CLUSTER_PASSWORD: PASSWORD } });
    const probe = JSON.parse(json.stdout) as { version: string; totalMs: number; tcpConnectMs: number; authenticated: boolean };
    expect(probe).toMatchObject({ version: '7.10.2', authenticated: true });
    expect(probe.totalMs).toBeGreaterThanOrEqual(probe.tcpConnectMs);
  });

  it('probe kafka prints the timings and every API version range', async () => {
    const result = await run(['probe', 'kafka', kafkaAddress]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Kafka broker at ${kafkaAddress} \\(IPv4 127\\.0\\.0\\.1, plaintext\\)\\n`));
    expect(result.stdout).toMatch(/^ {2}ApiVersions {7}v3: \d+ APIs, api keys 0–\d+$/m);
    expect(result.stdout).toMatch(/^ {2}TCP connect +\d+\.\d+ ms$/m);
    expect(result.stdout).toMatch(/^ {2}total +\d+\.\d+ ms$/m);
    expect(result.stdout).toMatch(/^key {2}api +versions$/m);
    expect(result.stdout).toMatch(/^ {2}0 {2}Produce +\d+–\d+$/m);
    expect(result.stdout).toMatch(/^ 18 {2}ApiVersions +0–3$/m);
  });

  it('exits 1 with a clear message for a closed port, a wrong protocol and wrong credentials', async () => {
    const closed = await run(['probe', 'es', `127.0.0.1:${closedPort}`]);
    expect(closed.code).toBe(1);
    expect(closed.stdout).toBe('');
    expect(closed.stderr).toBe(`cluster-admin: ApiRequestError 3600015: [elasticsearch probe] TCP connect to 127.0.0.1:${closedPort} failed (ECONNREFUSED)\n`);

    const closedKafka = await run(['probe', 'kafka', `127.0.0.1:${closedPort}`]);
    expect(closedKafka.code).toBe(1);
    expect(closedKafka.stderr).toContain(`[kafka probe] TCP connect to 127.0.0.1:${closedPort} failed (ECONNREFUSED)`);

    const notKafka = await run(['probe', 'kafka', esAddress]);
    expect(notKafka.code).toBe(1);
    expect(notKafka.stderr).toContain('the peer does not speak Kafka');

    const wrong = await run(['probe', 'es', esAddress, '--username', 'elastic'], { env: { CLUSTER_PASSWORD: 'not-the-password' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^cluster-admin: ApiRequestError 3600015 \(HTTP 401\): .*credentials are wrong/);
    expect(wrong.stderr).not.toContain('not-the-password');
  });
});

describe('register, list, update, delete', () => {
  it('round-trips an Elasticsearch cluster', async () => {
    const register = await run(
      ['es', 'register', 'es_cli_test', esAddress.replace('127.0.0.1', 'localhost'), '--biz', '2', '--username', 'elastic', '--display-name', 'CLI test ES'],
      {
        env: { CLUSTER_PASSWORD: PASSWORD },
      },
    );
    expect(register.stderr).toBe('');
    expect(register.code).toBe(0);
    const id = Number(/\(id (\d+), version 7\.10\.2\) for business 2\.$/m.exec(register.stdout)?.[1]);
    expect(register.stdout).toMatch(/^Probed Elasticsearch at localhost:\d+: version 7\.10\.2, TCP connect \d+\.\d+ ms, total \d+\.\d+ ms\.$/m);
    expect(id).toBeGreaterThan(0);
    expect(sandbox.clusters.get(id)?.clusterName).toBe('es_cli_test');

    const duplicate = await run(['es', 'register', 'es_cli_again', esAddress.replace('127.0.0.1', 'localhost'), '--biz', '2', '--username', 'elastic'], {
      env: { CLUSTER_PASSWORD: PASSWORD },
    });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already registered/);

    const show = await run(['es', 'show', String(id)]);
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      new RegExp(
        `^Elasticsearch cluster ${id}\\n {2}name {11}es_cli_test\\n {2}display name {3}CLI test ES\\n {2}address {8}localhost:\\d+\\n {2}version {8}7\\.10\\.2\\n {2}business {7}2\\n {2}user {11}elastic\\n {2}registered by {2}bk_sandbox\\n$`,
      ),
    );
    expect(JSON.parse((await run(['es', 'show', String(id), '--json'])).stdout)).toMatchObject({
      id,
      name: 'es_cli_test',
      displayName: 'CLI test ES',
      version: '7.10.2',
      bkBizId: 2,
      username: 'elastic',
    });

    const list = await run(['es', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+name\s+display name\s+address\s+version\s+biz\s+user\s+registered by$/m);
    expect(list.stdout).toMatch(new RegExp(`^ *${id}  es_cli_test  CLI test ES +localhost:\\d+ +7\\.10\\.2 +2 +elastic +bk_sandbox$`, 'm'));
    expect(list.stdout).toMatch(/^2 Elasticsearch clusters\.$/m);

    const update = await run(['es', 'update', String(id), '--display-name', 'Renamed ES']);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(
      new RegExp(`^Updated Elasticsearch cluster es_cli_test \\(id ${id}\\) after probing localhost:\\d+ \\(total \\d+\\.\\d+ ms\\)\\.\\n$`),
    );
    const listed = JSON.parse((await run(['es', 'list', '--json'])).stdout) as { id: number; displayName: string; username: string }[];
    expect(listed.find((cluster) => cluster.id === id)).toMatchObject({ displayName: 'Renamed ES', username: 'elastic' });
    expect(JSON.stringify(listed)).not.toContain('password');

    const deleted = await run(['es', 'delete', String(id)]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`Deleted Elasticsearch cluster es_cli_test (id ${id}).\n`);
    expect((await run(['es', 'list'])).stdout).not.toContain('es_cli_test');
    expect(sandbox.clusters.get(id)).toBeUndefined();

    const again = await run(['es', 'delete', String(id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no elasticsearch cluster with id ${id} is registered`);
    // An id no cluster has is the server's state, not a usage mistake: 1, for show too.
    const gone = await run(['es', 'show', String(id)]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`no elasticsearch cluster with id ${id} is registered`);
  });

  it('round-trips a Kafka cluster', async () => {
    const register = await run([
      'kafka',
      'register',
      'kafka_cli_test',
      kafkaAddress.replace('127.0.0.1', 'localhost'),
      '--display-name',
      'CLI test Kafka',
      '--kafka-version',
      '3.7.0',
    ]);
    expect(register.code).toBe(0);
    expect(register.stdout).toMatch(
      /^Probed Kafka at localhost:\d+: ApiVersions v3 \(\d+ APIs\), cluster [\w-]+, 1 broker, controller 1, TCP connect \d+\.\d+ ms, total \d+\.\d+ ms\.$/m,
    );
    const id = Number(/^Registered Kafka cluster kafka_cli_test \(id (\d+)\)\.$/m.exec(register.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);

    const list = await run(['kafka', 'list']);
    // No security column: metadata keeps no protocol, and answers SASL settings only for a cluster
    // with a user and password (bkmonitor ClusterInfo.consul_config).
    expect(list.stdout).toMatch(new RegExp(`^ *${id}  kafka_cli_test  CLI test Kafka +localhost:\\d+ +3\\.7\\.0 +bk_sandbox$`, 'm'));

    const show = await run(['kafka', 'show', String(id)]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      new RegExp(
        `^Kafka cluster ${id}\\n {2}name {11}kafka_cli_test\\n[\\s\\S]* {2}version {8}3\\.7\\.0\\n[\\s\\S]* {2}security {7}-\\n {2}registered by {2}bk_sandbox\\n$`,
      ),
    );

    expect((await run(['kafka', 'delete', String(id)])).stdout).toBe(`Deleted Kafka cluster kafka_cli_test (id ${id}).\n`);
    expect((await run(['kafka', 'list'])).stdout).not.toContain('kafka_cli_test');
  });

  it('lines up a list with Chinese names, emoji and colour codes', async () => {
    const register = await run([
      'kafka',
      'register',
      'kafka_cjk',
      kafkaAddress.replace('127.0.0.1', 'localhost'),
      '--display-name',
      '日志集群 🚀 \u001b[31mred\u001b[0m',
      '--kafka-version',
      '3.7.0',
    ]);
    expect(register.code).toBe(0);
    const id = Number(/\(id (\d+)\)/.exec(register.stdout)?.[1]);
    const list = await run(['kafka', 'list']);
    const lines = list.stdout.split('\n');
    const header = lines[0] ?? '';
    const row = lines.find((line) => line.includes('kafka_cjk')) ?? '';
    // The address column starts at the same terminal cell as its header: the wide characters and the emoji count two, the colour codes none.
    const cellsBefore = (line: string, text: string): number => displayWidth(line.slice(0, line.indexOf(text)));
    expect(cellsBefore(row, 'localhost:')).toBe(cellsBefore(header, 'address'));
    expect(row).toContain('日志集群 🚀 \u001b[31mred\u001b[0m ');
    expect((await run(['kafka', 'delete', String(id)])).code).toBe(0);
  });

  it('takes the password from a pipe with --password-prompt', async () => {
    const result = await run(['probe', 'es', esAddress, '--username', 'elastic', '--password-prompt'], { input: `${PASSWORD}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('credentials     sent, accepted');
    const empty = await run(['probe', 'es', esAddress, '--password-prompt']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('cluster-admin: no password on stdin: pipe it in, set CLUSTER_PASSWORD, or run in a terminal\n');
  });

  it('says how to give a password when one is missing: never on the command line', async () => {
    // A user, but stdin is not a terminal, CLUSTER_PASSWORD is not set and no --password-prompt: 2, nothing probed or registered.
    const hint = 'set CLUSTER_PASSWORD (read -rs CLUSTER_PASSWORD && export CLUSTER_PASSWORD), or pass --password-prompt';
    const probe = await run(['probe', 'es', esAddress, '--username', 'elastic']);
    expect([probe.code, probe.stdout, probe.stderr]).toEqual([2, '', `cluster-admin: --username elastic needs a password: ${hint}\n`]);
    const before = sandbox.calls.length;
    const register = await run(['es', 'register', 'es_no_password', esAddress.replace('127.0.0.1', 'localhost'), '--biz', '2', '--username', 'elastic']);
    expect([register.code, register.stderr]).toEqual([2, `cluster-admin: --username elastic needs a password: ${hint}\n`]);
    expect(sandbox.calls.length).toBe(before);
    const sasl = await run([
      'kafka',
      'register',
      'kafka_no_password',
      kafkaAddress,
      '--security-protocol',
      'SASL_PLAINTEXT',
      '--sasl-mechanism',
      'PLAIN',
      '--username',
      'bklog',
    ]);
    expect([sasl.code, sasl.stderr]).toEqual([2, `cluster-admin: --username bklog needs a password: ${hint}\n`]);

    // No credentials at all, refused by the cluster: 1, and a line on how to give them.
    const refused = await run(['probe', 'es', esAddress]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^cluster-admin: ApiRequestError \d+ \(HTTP 401\): \[elasticsearch probe\] HEAD \/ was refused with HTTP 401[^\n]*\n/);
    expect(refused.stderr).toContain(`\ncluster-admin: the cluster wants credentials: pass --username, and for the password ${hint}\n`);
    // A wrong password is not a missing one: no such line.
    const wrong = await run(['probe', 'es', esAddress, '--username', 'elastic'], { env: { CLUSTER_PASSWORD: 'not-the-password' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toContain('wants credentials');
  });
});

describe('usage', () => {
  it.each([
    [['es', 'register', 'es_x', '--biz', '2'], /missing required argument 'host:port'/],
    [['es', 'register', 'es_x', 'no-port-here', '--biz', '2'], /'no-port-here' is not an address: use host:port/],
    [['es', 'register', 'es_x', '127.0.0.1:9200'], /required option '-b, --biz <id>' not specified/],
    [
      ['kafka', 'register', 'k', '127.0.0.1:9092', '--security-protocol', 'FOO'],
      /argument 'FOO' is invalid\. Allowed choices are PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL/,
    ],
    [['es', 'delete', 'three'], /<cluster-id> must be a positive integer, got 'three'/],
    [['probe', 'redis', '127.0.0.1:6379'], /unknown command 'redis'/],
    [['es', 'list', '--password', 'x'], /unknown option '--password'/],
    [['es', 'show'], /missing required argument 'cluster-id'/],
    // Refused by @x/infra before anything is probed or sent (a ValidationError on the input): 2, as for a flag.
    [
      ['es', 'register', 'bad name!', '127.0.0.1:9200', '--biz', '2'],
      /^cluster-admin: ValidationError \d+: Parameter validation failed \(infra\.es\.register input\): name: must match/,
    ],
  ])('%j exits 2 and sends nothing', async (args, message) => {
    const before = sandbox.calls.length;
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(sandbox.calls.length).toBe(before);
  });

  it('prints help with status 0', async () => {
    const help = await run(['es', 'register', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: cluster-admin es register \[options\] <name> <host:port>/);
    expect(help.stdout).toContain('--password-prompt');
    expect(help.stdout).toContain('probe an Elasticsearch cluster, check it is not registered yet, then register it');
    expect(help.stdout).toMatch(/-b, --biz <id> +the business registering the cluster \(required\)/);
    const kafkaHelp = await run(['kafka', 'register', '--help']);
    expect(kafkaHelp.stdout).toContain('probe a Kafka cluster, check it is not registered yet');
    expect(kafkaHelp.stdout).not.toContain('(required)');
    const group = await run(['es', '--help']);
    expect(group.stdout).toMatch(/^ {2}show <cluster-id> +one registered Elasticsearch cluster/m);
    // No example puts a password on the command line (not even CLUSTER_PASSWORD=… before the command).
    const top = await run(['--help']);
    expect(top.stdout).not.toMatch(/CLUSTER_PASSWORD=|--password /);
    expect(help.stdout).toMatch(/Global Options:[\s\S]*--sandbox[\s\S]*--timeout <duration>/);
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(
      /^cluster-admin \(private app of bk-integrations\) built on @x\/infra \d+\.\d+\.\d+\S*, @x\/core-client \d+\.\d+\.\d+\S*\n$/,
    );
    expect(version.stdout).not.toContain(' 0.0.0');
  });
});

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(hasScript())('on a terminal', () => {
  it('asks for the password without echoing it', async () => {
    const screen = await runOnTerminal(['probe', 'es', esAddress, '--username', 'elastic', '--api-host', sandbox.url], {
      prompt: 'Password for elastic at',
      answer: `${PASSWORD}\r`,
    });
    outputs.push(screen);
    expect(screen.code).toBe(0);
    expect(screen.stdout).toContain(`Password for elastic at Elasticsearch ${esAddress}: `);
    expect(screen.stdout).toContain('credentials     sent, accepted');
  });

  it('exits 130 on Ctrl+C at the prompt', async () => {
    const screen = await runOnTerminal(['probe', 'es', esAddress, '--username', 'elastic', '--api-host', sandbox.url], {
      prompt: 'Password for elastic at',
      answer: 'half-typed\u0003',
    });
    outputs.push(screen);
    expect(screen.code).toBe(130);
    expect(screen.stdout).toContain('cluster-admin: interrupted\r\n');
    expect(screen.stdout).not.toContain('half-typed');
  });
});

describe('where clusters are registered', () => {
  it('without BlueKing settings and without --sandbox exits 2 before anything runs, naming the variables to set', async () => {
    const result = await runCli(['es', 'register', 'es_nowhere', esAddress, '--biz', '2', '--username', 'elastic'], { env: { CLUSTER_PASSWORD: PASSWORD } });
    outputs.push(result);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'cluster-admin: no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: set BK_COMPONENT_API_URL (or BK_PAAS_INNER_HOST, BK_PAAS_HOST) with BK_APP_CODE and BK_APP_SECRET, point --api-host or BK_SANDBOX_URL at a running sandbox, or pass --sandbox\n',
    );
  });

  it('registers in an embedded sandbox only with --sandbox, and says so', async () => {
    const result = await runCli(['kafka', 'list', '--sandbox', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^cluster-admin: --sandbox given: using an embedded sandbox at http:\/\/127\.0\.0\.1:\d+ for this command only/);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ name: 'kafka_default' })]);
  });

  it.each([
    ['BK_COMPONENT_API_URL', [], { BK_COMPONENT_API_URL: 'http://ops:Pw-in-url-4711@127.0.0.1:9' }],
    ['BK_SANDBOX_URL', [], { BK_SANDBOX_URL: 'http://ops:Pw-in-url-4711@127.0.0.1:9' }],
    ['--api-host', ['--api-host', 'http://ops:Pw-in-url-4711@127.0.0.1:9'], {}],
  ] as const)('refuses a password in %s with exit 2, naming it and never echoing the URL', async (setting, flags, env) => {
    for (const json of [[], ['--json']]) {
      const result = await runCli(['es', 'list', ...flags, ...json], { env: { BK_APP_CODE: 'bk_sandbox', BK_APP_SECRET: 'sandbox-secret', ...env } });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${setting} contains a user name or password (user:password@host): remove them`);
      expect(result.stderr).not.toContain('Pw-in-url-4711');
      expect(result.stderr).not.toContain('127.0.0.1:9');
    }
  });
});

describe('--timeout', () => {
  let hung: Server;
  let hungAddress: string;
  beforeAll(async () => {
    // Accepts every connection and request, and never answers.
    hung = createHttpServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    hungAddress = `127.0.0.1:${(hung.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    hung.closeAllConnections();
    await new Promise((resolve) => hung.close(resolve));
  });

  it.each([
    ['es list', ['es', 'list']],
    ['kafka delete', ['kafka', 'delete', '7']],
  ])('bounds %s against a metadata host that never answers: exit 1 after about the --timeout, the reason said once', async (_name, args) => {
    const started = Date.now();
    const result = await runCli([...args, '--timeout', '2s', '--api-host', `http://${hungAddress}`]);
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(10_000);
    expect(result.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(result.stderr).toMatch(/^cluster-admin: (ApiRequestError|RetryError) \d+/);
    expect(result.stderr.match(/no (answer|response) within/g)).toHaveLength(1);
    expect(result.stderr).toContain('2000 ms');
  });

  it('bounds a probe of a node that accepts and never answers', async () => {
    const started = Date.now();
    const result = await runCli(['probe', 'es', hungAddress, '--timeout', '2s']);
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(10_000);
    expect(result.stderr).toMatch(/^cluster-admin: ApiRequestError \d+: \[elasticsearch probe\] HEAD \/ got no answer within 2000 ms/);
  });

  it('takes a duration like 30s or 2m, not milliseconds (exit 2)', async () => {
    const result = await run(['probe', 'es', esAddress, '--timeout', '10000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/option '--timeout <duration>' argument '10000' is invalid\. '10000' is not a duration/);
  });
});

describe('--json errors', () => {
  it('prints a failure as one JSON document on stderr', async () => {
    const result = await run(['probe', 'es', `127.0.0.1:${closedPort}`, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toMatchObject({
      error: { name: 'ApiRequestError', code: '3600015', message: `[elasticsearch probe] TCP connect to 127.0.0.1:${closedPort} failed (ECONNREFUSED)` },
      exitCode: 1,
    });
    const usage = await run(['es', 'delete', 'three', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({
      error: { name: 'UsageError', message: expect.stringContaining("<cluster-id> must be a positive integer, got 'three'") as unknown },
      exitCode: 2,
    });
  });
});

describe('secrets', () => {
  it('never printed the password, in any output of any run above', () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const output of outputs) {
      expect(output.stdout).not.toContain(PASSWORD);
      expect(output.stderr).not.toContain(PASSWORD);
    }
  });
});
