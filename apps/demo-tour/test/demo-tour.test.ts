import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');

function runTour(
  args: readonly string[] = [],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; milliseconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {};
    // The tour must not depend on BlueKing settings of the machine.
    for (const [name, value] of Object.entries(process.env)) if (!/^(BK_|BKAPP_|BKPAAS_)/.test(name)) env[name] = value;
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the tour did not exit within 150 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 150_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, milliseconds: Date.now() - started });
    });
  });
}

describe('pnpm demo (the tour)', () => {
  it('runs every section against the sandbox, exits 0 and by itself', { timeout: 160_000 }, async () => {
    const tour = await runTour(['--sandbox']);
    expect(tour.stderr).not.toContain('demo-tour:');
    expect(tour.signal).toBeNull();
    expect(tour.code).toBe(0);
    const output = tour.stdout;

    expect(output).toMatch(/^bk-integrations — a tour of the SDK on an embedded BlueKing sandbox\n/);
    for (const heading of [
      '▸ 1. The sandbox',
      '▸ 2. One critical alert, fanned out by notify-relay',
      '▸ 3. Log search with log-search',
      '▸ 4. Cluster registration with cluster-admin',
    ])
      expect(output).toContain(heading);

    // The sandbox
    expect(output).toMatch(/BlueKing gateway emulator {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('Seeded logs                30,000 records over the last 24 h in index sets 42, 43, 44');

    // The alert: accepted, every channel sent once, the repeat not enqueued, the outbox proof.
    expect(output).toMatch(/→ 202 delivery dlv_[\w-]+: channels voice, sms, wework/);
    for (const channel of ['voice', 'sms', 'wework']) expect(output).toMatch(new RegExp(`^ {4}${channel} +sent +1 attempt `, 'm'));
    expect(output).toContain('The same alert POSTed again → 200, duplicate: true (nothing enqueued)');
    expect(output.match(/^ {4}msg-\d+ /gm)).toHaveLength(3);
    expect(output).toMatch(/✓ (?=.*appchat ×1)(?=.*voice ×1)(?=.*sms ×1).* — each channel delivered exactly once/);

    // Log search: a table, a histogram, an export whose line count equals the matches.
    expect(output).toMatch(/^ {2}time +level +host +message$/m);
    expect(output).toMatch(/^ {2}5 of \d+ matching records, newest first \(index set 42, last 1h\)\.$/m);
    expect(output).toMatch(/^ {2}Records per 30m matching "\*" \(index set 42, last 6h\): [\d,]+ in total$/m);
    // Hours and minutes; the date too when the six hours cross midnight.
    expect(output.match(/^ {2}(\d\d-\d\d )?\d\d:\d\d {2}[█▏▎▍▌▋▊▉]/gm)?.length).toBeGreaterThanOrEqual(12);
    const exported = /Exported ([\d,]+) records to \S+ in \d+\.\d s \(([\d,]+) records\/s\)\./.exec(output);
    expect(exported).not.toBeNull();
    const records = Number(exported?.[1]?.replaceAll(',', ''));
    expect(records).toBeGreaterThan(2_000);
    expect(output).toContain(`holds ${records.toLocaleString('en-US')} lines = ${records.toLocaleString('en-US')} matching records`);
    expect(output).toContain('; removed at the end');

    // Clusters: probes with timings and versions, registrations, the lists.
    expect(output).toMatch(/^ {4}version {9}7\.10\.2$/m);
    expect(output).toMatch(/^ {4}TCP connect +\d+\.\d+ ms$/m);
    expect(output).toMatch(/^ {4}ApiVersions {7}v3: \d+ APIs/m);
    expect(output).toMatch(/Registered Elasticsearch cluster es_tour \(id \d+, version 7\.10\.2\) for business 2\./);
    expect(output).toMatch(/Registered Kafka cluster kafka_tour \(id \d+\)\./);
    expect(output).toMatch(/^ {2} +\d+ {2}es_tour +Tour ES +localhost:\d+ +7\.10\.2 +2 +elastic +bk_sandbox$/m);
    // Metadata stores no security protocol for a Kafka cluster without credentials (bk-monitor
    // metadata ClusterInfo: only SASL settings with a username), so the column stays empty.
    expect(output).toMatch(/^ {2} +\d+ {2}kafka_tour +Tour Kafka +localhost:\d+ +3\.7\.0 +bk_sandbox$/m);
    expect(output).not.toContain('changeme');

    expect(output).toMatch(/\n✓ Tour finished in \d+\.\d s; the relay, the clients and the sandbox are closed\.\n$/);
    // Plain progress lines on a pipe (the bar is for terminals).
    expect(tour.stderr).toMatch(/^export: [\d,]+ \/ [\d,]+ records \(100%\), [\d,]+ records\/s$/m);
  });

  it('prints its usage with --help', async () => {
    const help = await runTour(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: node apps/demo-tour/dist/main.js --sandbox [--keep-export] [--help]');
    const bad = await runTour(['--sandbox', '--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("demo-tour: Unknown option '--frobnicate'");
  });

  it('starts nothing without --sandbox: exit 2, saying what to pass', async () => {
    const tour = await runTour();
    expect(tour.code).toBe(2);
    expect(tour.stdout).toBe('');
    expect(tour.stderr).toMatch(/^demo-tour: the tour starts an embedded BlueKing sandbox: pass --sandbox to say so \(\.\/dev demo does\)\n/);
  });
});
