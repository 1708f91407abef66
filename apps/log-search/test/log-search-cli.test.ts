import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

// Every test starts Node processes; a busy machine needs more than the default 20 s.
vi.setConfig({ testTimeout: 60_000 });

let sandbox: Sandbox;
let directory: string;
let apiHost: string[];

beforeAll(async () => {
  sandbox = await startSandbox();
  directory = await mkdtemp(join(tmpdir(), 'log-search-'));
  apiHost = ['--api-host', sandbox.url];
});

afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

describe('search', () => {
  it('prints the newest matches as a table no wider than the terminal, then the total', async () => {
    const run = await runCli(['search', 'level:error', '--index-set', '42', '--since', '1h', '--limit', '5', ...apiHost]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    expect(output[0]).toMatch(/^time\s+level\s+host\s+message$/);
    expect(output[1]).toMatch(/^─+/);
    const rows = output.slice(2, -1);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}error {2}10\.0\.0\.\d+\s+\S/);
    for (const line of output) expect(Array.from(line).length).toBeLessThanOrEqual(120);
    expect(output.at(-1)).toMatch(/^5 of \d+ matching records, newest first \(index set 42, last 1h\)\.$/);

    const json = await runCli(['search', 'level:error', '--index-set', '42', '--since', '1h', '--limit', '5', '--json', ...apiHost]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as { total: number; shown: number; rows: { level: string; dtEventTimeStamp: string }[] };
    expect(document.shown).toBe(5);
    expect(document.rows.every((row) => row.level === 'error')).toBe(true);
    expect(output.at(-1)).toContain(`of ${document.total.toLocaleString('en-US')} matching`);
    const times = document.rows.map((row) => Number(row.dtEventTimeStamp));
    expect(times).toEqual([...times].sort((left, right) => right - left));
  });

  it('reads a running sandbox from BK_SANDBOX_URL, and searches several index sets with a set column', async () => {
    const run = await runCli(['search', '*', '--index-set', '42,43', '--since', '30m', '--limit', '4'], { env: { BK_SANDBOX_URL: sandbox.url } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run.stdout)[0]).toMatch(/^time\s+set\s+level\s+host\s+message$/);
    expect(run.stdout).toMatch(/index set 42, 43, last 30m/);
  });

  it('says so when nothing matches', async () => {
    const run = await runCli(['search', 'level:nothing-like-this', '--index-set', '44', ...apiHost]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No records match "level:nothing-like-this" (index set 44, last 1h).\n');
  });

  it('exits 1 with the server reason, the @x/errors code and the request id for a bad Lucene query', async () => {
    const run = await runCli(['search', 'level:(error', '--index-set', '42', ...apiHost]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^log-search: ApiRequestError 3600015 \(HTTP 400, request id [0-9a-f-]{36}, trace id \w+\): .*parse query_string error: Syntax error/);
  });
});

describe('search --histogram', () => {
  it('draws one bar per window and its counts add up to the total', async () => {
    const run = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--histogram', ...apiHost]);
    expect(run.code).toBe(0);
    const [heading, ...bars] = lines(run.stdout);
    const total = Number(/: ([\d,]+) in total$/.exec(heading ?? '')?.[1]?.replaceAll(',', ''));
    expect(heading).toMatch(/^Records per 15m matching "\*" \(index set 42, last 6h\)/);
    expect(bars.length).toBeGreaterThanOrEqual(24);
    expect(bars.length).toBeLessThanOrEqual(25);
    for (const bar of bars) expect(bar).toMatch(/^\d\d:\d\d {2}[█▏▎▍▌▋▊▉ ]+ +[\d,]+$/);
    const counts = bars.map((bar) => Number(/([\d,]+)$/.exec(bar)?.[1]?.replaceAll(',', '')));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(total);

    const json = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--histogram', '--interval', '1h', '--json', ...apiHost]);
    const document = JSON.parse(json.stdout) as { interval: string; total: number; buckets: { time: number; count: number }[] };
    expect(document.interval).toBe('1h');
    expect(document.buckets.length).toBeGreaterThanOrEqual(6);
    expect(Math.abs(document.total - total)).toBeLessThan(total * 0.05); // the range moved a little between the runs
  });
});

describe('search --export', () => {
  it('streams every matching record to NDJSON: as many lines as matches, each record once', async () => {
    const file = join(directory, 'export.ndjson');
    const run = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--export', file, '--json', ...apiHost]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { file: string; records: number; total: number; seconds: number; recordsPerSecond: number };
    expect(summary.records).toBeGreaterThan(2_000);
    expect(summary.records).toBe(summary.total);
    const records = (await readFile(file, 'utf8')).split('\n');
    expect(records.pop()).toBe('');
    expect(records).toHaveLength(summary.records);
    const ids = new Set(records.map((line) => (JSON.parse(line) as { __doc_id: string }).__doc_id));
    expect(ids.size).toBe(summary.records);
    // stderr is not a terminal here: plain progress lines, the last one complete.
    const progress = lines(run.stderr);
    expect(progress.at(-1)).toMatch(new RegExp(`^export: ${summary.records.toLocaleString('en-US')} / ${summary.total.toLocaleString('en-US')} records \\(100%\\), [\\d,]+ records/s$`));
    expect(run.stderr).not.toContain('\r');
  });

  it('prints a readable summary, honours --limit, and writes to stdout with -', async () => {
    const file = join(directory, 'limited.ndjson');
    const run = await runCli(['search', 'level:error', '--index-set', '43', '--since', '24h', '--export', file, '--limit', '250', ...apiHost]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Exported 250 records to ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} in \\d+\\.\\d s \\([\\d,]+ records/s\\)\\.\\n$`));
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(251);

    const piped = await runCli(['search', '*', '--index-set', '44', '--export', '-', '--limit', '120', ...apiHost]);
    expect(piped.code).toBe(0);
    expect(lines(piped.stdout)).toHaveLength(120);
    expect(piped.stderr).toMatch(/Exported 120 records to stdout/);
  });

  it('keeps memory flat: all 30,000 records through a 40 MB heap', async () => {
    const file = join(directory, 'everything.ndjson');
    // Holding the rows would not fit: 30,000 parsed rows alone take about 39 MB of heap.
    const run = await runCli(['search', '*', '--index-set', '42,43,44', '--since', '25h', '--export', file, '--json', ...apiHost], { nodeOptions: ['--max-old-space-size=40'] });
    expect(run.stderr).not.toContain('heap out of memory');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { records: number; total: number };
    expect(summary.total).toBe(30_000);
    expect(summary.records).toBe(30_000);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(30_001);
  });

  it('stops on Ctrl+C with status 130, the file closed after whole records', async () => {
    const file = join(directory, 'interrupted.ndjson');
    let interrupted = false;
    // Slow pages: the export is certainly still running when the first progress line shows.
    const slow = sandbox.inject({ kind: 'latency', route: 'query/ts/raw', ms: 250 });
    const run = await runCli(['search', '*', '--index-set', '42,43,44', '--since', '25h', '--export', file, ...apiHost], {
      onStderr: (text, child) => {
        // The first progress line: the export is under way.
        if (!interrupted && /^export: /m.test(text)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    slow.remove();
    expect(interrupted).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/log-search: interrupted\n$/);
    expect(run.stdout).toBe('');
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(30_000);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('fails with the system reason when the file cannot be created', async () => {
    const run = await runCli(['search', '*', '--index-set', '42', '--export', join(directory, 'missing', 'x.ndjson'), ...apiHost]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/log-search: .*ENOENT/);
  });
});

describe('fields and sql', () => {
  it('lists the field map of an index set', async () => {
    const run = await runCli(['fields', '--index-set', '42', ...apiHost]);
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    expect(output[0]).toBe('Index set 42 (bklog_index_set_42): 16 fields');
    expect(output[1]).toMatch(/^field\s+type\s+alias\s+aggregatable\s+analyzed$/);
    // unify-query's field map has no display alias (FieldOption.alias_name is "" unless a query alias is set).
    expect(run.stdout).toMatch(/^dtEventTimeStamp\s+date\s+yes\s+no$/m);
    expect(run.stdout).toMatch(/^log\s+text\s+no\s+yes$/m);
    expect(run.stdout).toMatch(/^client_ip\s+keyword/m);
  });

  it('runs a BKData SQL query and prints its rows', async () => {
    const run = await runCli(['sql', 'SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level ORDER BY level', ...apiHost]);
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    expect(output[0]).toMatch(/^level\s+n$/);
    expect(output.slice(2, -1).map((line) => line.split(/\s+/)[0])).toEqual(['debug', 'error', 'info', 'warn']);
    expect(output.at(-1)).toBe('4 rows (sqlite).');

    const json = await runCli(['sql', 'SELECT COUNT(*) AS n FROM 2_bklog_audit', '--json', ...apiHost]);
    const document = JSON.parse(json.stdout) as { columns: string[]; rows: { n: number }[] };
    expect(document.columns).toEqual(['n']);
    expect(document.rows[0]?.n).toBe(sandbox.data.recordCounts.bklog_index_set_44);
  });

  it('exits 1 naming the BKData code for SQL the engine refuses', async () => {
    const run = await runCli(['sql', 'SELECT no_such_column FROM 2_bklog_audit', ...apiHost]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^log-search: ApiResultError 1532009 \(request id [0-9a-f-]{36}\): .*no such column/);
  });
});

describe('usage', () => {
  it.each([
    [['search', 'x', '--index-set', '42', '--since', 'yesterday'], /argument 'yesterday' is invalid\. 'yesterday' is not a duration/],
    [['search', 'x', '--index-set', 'abc'], /--index-set must be a positive integer, got 'abc'/],
    [['search', 'x'], /required option '-i, --index-set <ids>' not specified/],
    [['search', 'x', '--index-set', '42', '--bogus'], /unknown option '--bogus'/],
    [['search', 'x', '--index-set', '42', '--limit', '0'], /--limit must be a positive integer/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /Usage: log-search/],
  ])('%j exits 2 with a message and nothing sent', async (args, message) => {
    const before = sandbox.calls.length;
    const run = await runCli([...args, ...apiHost]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(sandbox.calls.length).toBe(before);
  });

  it('prints help and the version on stdout with status 0', async () => {
    const help = await runCli(['search', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: log-search search \[options\] <query>/);
    expect(help.stdout).toContain('--export <file>');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('the embedded sandbox', () => {
  it('is started in-process when no BlueKing setting is in the environment, with a one-line note', async () => {
    const run = await runCli(['sql', 'SELECT COUNT(*) AS n FROM 2_bklog_nginx_access']);
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^log-search: no BlueKing host in the environment \(BK_COMPONENT_API_URL\): using an embedded sandbox at http:\/\/127\.0\.0\.1:\d+/);
    expect(lines(run.stdout)[0]?.trim()).toBe('n');
    expect(run.stdout).toContain('1 row (sqlite).');
  });
});
