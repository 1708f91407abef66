import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
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

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Temporary export files left in the test folder (there should be none). */
async function temporaryFiles(): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith('.tmp'));
}

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

  it('says so when --limit asks for more rows than unify-query returns for one query', async () => {
    const run = await runCli(['search', '*', '--index-set', '42,43', '--since', '1d', '--limit', '12000', ...apiHost]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('log-search: --limit 12,000 is capped at 10,000, the most rows unify-query returns for one query; --export writes every match\n');
    const output = lines(run.stdout);
    expect(output).toHaveLength(2 + 10_000 + 1);
    expect(output.at(-1)).toMatch(/^10,000 of [\d,]+ matching records, newest first \(index set 42, 43, last 1d; --limit capped at 10,000\)\.$/);

    const json = await runCli(['search', '*', '--index-set', '42,43', '--since', '1d', '--limit', '12000', '--json', ...apiHost]);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const document = JSON.parse(json.stdout) as { total: number; shown: number; limitCappedAt: number; rows: unknown[] };
    expect(document).toMatchObject({ shown: 10_000, limitCappedAt: 10_000 });
    expect(document.total).toBeGreaterThan(10_000);
    expect(sandbox.lastCall('query/ts/raw')?.body).toMatchObject({ limit: 10_000 });

    // Within the cap, nothing is said.
    const within = await runCli(['search', '*', '--index-set', '42', '--since', '1d', '--limit', '3', '--json', ...apiHost]);
    expect(JSON.parse(within.stdout)).not.toHaveProperty('limitCappedAt');
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
    expect(run.stderr).toMatch(
      /^log-search: ApiRequestError 3600015 \(HTTP 400, request id [0-9a-f-]{36}, trace id \w+\): .*parse query_string error: Syntax error/,
    );
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
    // Hours and minutes (the date too when the six hours cross midnight), each label once.
    for (const bar of bars) expect(bar).toMatch(/^(\d\d-\d\d )?\d\d:\d\d {2}[█▏▎▍▌▋▊▉ ]+ +[\d,]+$/);
    const labels = bars.map((bar) => bar.split('  ')[0]);
    expect(new Set(labels).size).toBe(labels.length);
    const counts = bars.map((bar) => Number(/([\d,]+)$/.exec(bar)?.[1]?.replaceAll(',', '')));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(total);

    const json = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--histogram', '--interval', '1h', '--json', ...apiHost]);
    const document = JSON.parse(json.stdout) as { interval: string; total: number; buckets: { time: number; count: number }[] };
    expect(document.interval).toBe('1h');
    expect(document.buckets.length).toBeGreaterThanOrEqual(6);
    expect(Math.abs(document.total - total)).toBeLessThan(total * 0.05); // the range moved a little between the runs
  });
});

describe('search --histogram --interval', () => {
  it('labels one-second buckets with seconds, each once', async () => {
    const run = await runCli(['search', '*', '--index-set', '42', '--since', '2m', '--histogram', '--interval', '1s', ...apiHost]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [heading, ...bars] = lines(run.stdout);
    expect(heading).toMatch(/^Records per 1s matching "\*" \(index set 42, last 2m\)/);
    expect(bars.length).toBeGreaterThanOrEqual(120);
    expect(bars.length).toBeLessThanOrEqual(121);
    for (const bar of bars) expect(bar).toMatch(/^(\d\d-\d\d )?\d\d:\d\d:\d\d {2}/);
    const labels = bars.map((bar) => bar.split('  ')[0]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('refuses an interval that makes too many buckets with exit 2, naming one that fits, before sending anything', async () => {
    const before = sandbox.calls.length;
    const run = await runCli(['search', '*', '--index-set', '42', '--since', '1d', '--histogram', '--interval', '1s', ...apiHost]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'log-search: --interval 1s over the last 1d makes 86,401 buckets, more than the 2,000 a histogram may have: use --interval 1m or longer, or a shorter --since\n',
    );
    expect(sandbox.calls.length).toBe(before);
  });

  it('takes --interval 1w, as unify-query does (a week is 7d to Elasticsearch), and sends windows in its syntax', async () => {
    const week = await runCli(['search', '*', '--index-set', '42', '--since', '30d', '--histogram', '--interval', '1w', '--json', ...apiHost]);
    expect(week.stderr).toBe('');
    expect(week.code).toBe(0);
    const document = JSON.parse(week.stdout) as { interval: string; total: number; buckets: { time: number; count: number }[] };
    expect(document.interval).toBe('1w');
    expect(document.total).toBeGreaterThan(5_000);
    expect(document.buckets.length).toBeLessThanOrEqual(6);
    for (const bucket of document.buckets) expect(bucket.time % 604_800_000).toBe(0);
    const sent = sandbox.lastCall('query/ts/reference')?.body as { query_list: { function: { method: string; window?: string }[] }[] };
    expect(sent.query_list[0]?.function).toContainEqual({ method: 'date_histogram', window: '1w' });

    // unify-query parses windows with prometheus' model.ParseDuration: units largest first, lower case.
    const combined = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--histogram', '--interval', '30m1H', ...apiHost]);
    expect(combined.code).toBe(0);
    expect(combined.stdout).toMatch(/^Records per 90m matching/);
    const sentCombined = sandbox.lastCall('query/ts/reference')?.body as { query_list: { function: { method: string; window?: string }[] }[] };
    expect(sentCombined.query_list[0]?.function).toContainEqual({ method: 'date_histogram', window: '90m' });
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
    expect(progress.at(-1)).toMatch(
      new RegExp(`^export: ${summary.records.toLocaleString('en-US')} / ${summary.total.toLocaleString('en-US')} records \\(100%\\), [\\d,]+ records/s$`),
    );
    expect(run.stderr).not.toContain('\r');
    // Thousands of waits for drain leave no listeners behind (no MaxListenersExceededWarning).
    expect(run.stderr).not.toContain('Warning');
  });

  it('prints a readable summary, honours --limit, and writes to stdout with -', async () => {
    const file = join(directory, 'limited.ndjson');
    const run = await runCli(['search', 'level:error', '--index-set', '43', '--since', '24h', '--export', file, '--limit', '250', ...apiHost]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Exported 250 records to ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} in \\d+\\.\\d s \\([\\d,]+ records/s\\)\\.\\n$`),
    );
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(251);

    const piped = await runCli(['search', '*', '--index-set', '44', '--export', '-', '--limit', '120', ...apiHost]);
    expect(piped.code).toBe(0);
    expect(lines(piped.stdout)).toHaveLength(120);
    expect(piped.stderr).toMatch(/Exported 120 records to stdout/);
  });

  it('keeps memory flat: all 30,000 records through a 40 MB heap', async () => {
    const file = join(directory, 'everything.ndjson');
    // Holding the rows would not fit: 30,000 parsed rows alone take about 39 MB of heap.
    const run = await runCli(['search', '*', '--index-set', '42,43,44', '--since', '25h', '--export', file, '--json', ...apiHost], {
      nodeOptions: ['--max-old-space-size=40'],
    });
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
    expect(run.stdout).toBe('');
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(30_000);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(run.stderr).toMatch(new RegExp(`\\nlog-search: interrupted: ${lines.length.toLocaleString('en-US')} records kept in ${escape(file)}\\n$`));
    expect(await temporaryFiles()).toEqual([]);
  });

  it('handles SIGTERM like Ctrl+C: whole records kept, one line saying how many, status 143', async () => {
    const file = join(directory, 'terminated.ndjson');
    let terminated = false;
    const slow = sandbox.inject({ kind: 'latency', route: 'query/ts/raw', ms: 250 });
    const run = await runCli(['search', '*', '--index-set', '42,43,44', '--since', '25h', '--export', file, ...apiHost], {
      onStderr: (text, child) => {
        if (!terminated && /^export: /m.test(text)) {
          terminated = true;
          child.kill('SIGTERM');
        }
      },
    });
    slow.remove();
    expect(terminated).toBe(true);
    expect(run.code).toBe(143);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(run.stderr.match(/records kept in/g)).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`\\nlog-search: interrupted: ${lines.length.toLocaleString('en-US')} records kept in ${escape(file)}\\n$`));
  });

  it('leaves the previous file as it was when the server fails mid-export (HTTP 500), and removes its temporary file', async () => {
    const file = join(directory, 'precious.ndjson');
    const previous = '{"__doc_id":"a good earlier export"}\n'.repeat(1_000);
    await writeFile(file, previous);
    let injected = false;
    const slow = sandbox.inject({ kind: 'latency', route: 'query/ts/raw', ms: 250 });
    const run = await runCli(['search', '*', '--index-set', '42,43,44', '--since', '25h', '--export', file, ...apiHost], {
      onStderr: (text) => {
        // The export is under way (the first progress line): from now on every page fails.
        if (!injected && /^export: /m.test(text)) {
          injected = true;
          // One fault answers a request: the slow one steps aside for the failing one.
          slow.remove();
          sandbox.inject({ kind: 'status', status: 500, route: 'query/ts/raw' });
        }
      },
    });
    slow.remove();
    sandbox.clearFaults();
    expect(injected).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`log-search: the export stopped after [\\d,]+ records; ${escape(file)} was not changed\\n`));
    expect(run.stderr).toMatch(/log-search: (ApiRequestError|RetryError) \d+ \(HTTP 500/);
    expect(await readFile(file, 'utf8')).toBe(previous);
    expect(await temporaryFiles()).toEqual([]);
  });

  it('exits 1 naming the file when a write fails (EFBIG past ulimit -f, like a full disk): the previous file stays, the temporary one is removed', async () => {
    const file = join(directory, 'too-big.ndjson');
    await writeFile(file, 'previous\n');
    const run = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--export', file, ...apiHost], { fileSizeLimitBlocks: 64 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`(^|\\n)log-search: could not write ${escape(file)} \\(EFBIG: file too large\\); ${escape(file)} was not changed\\n$`),
    );
    expect(await readFile(file, 'utf8')).toBe('previous\n');
    expect(await temporaryFiles()).toEqual([]);
  });

  it('exits 141 when stdout is closed under --export - (a reader that went away)', async () => {
    const run = await runCli(['search', '*', '--index-set', '42', '--since', '6h', '--export', '-', ...apiHost], { closeStdoutEarly: true });
    expect(run.code).toBe(141);
    expect(run.stderr).not.toMatch(/Exported/);
  });

  it('fails with the system reason, naming the file, when the file cannot be created', async () => {
    const file = join(directory, 'missing', 'x.ndjson');
    const run = await runCli(['search', '*', '--index-set', '42', '--export', file, ...apiHost]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`log-search: could not create ${file} (ENOENT: no such file or directory); ${file} was not changed\n`);
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
    // Caught by the SDK before sending (a ValidationError on the input), not by a flag parser: 2 all the same.
    [
      ['search', 'x', '--index-set', '42', '--since', '3000w'],
      /^log-search: ValidationError \d+: Parameter validation failed \(unify_query\.buildQuery input\): start: must be a valid Date or non-negative epoch milliseconds\n$/,
    ],
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
    // Defaults read as durations, not the milliseconds they hold.
    expect(help.stdout).toMatch(/--since <duration> +how far back: 30s, 15m, 1h, 2d, 1w, 1h30m \(default: 1h\)/);
    expect(help.stdout).not.toContain('3600000');
    expect(help.stdout).toMatch(/--timeout <duration>[^\n]*\(default: 90s\)/);
    expect(help.stdout).toMatch(/--limit <n> +rows to show \(default: 20; at most 10,000/);
    // Global options apply to every command, and its help lists them.
    expect(help.stdout).toMatch(/Global Options:[\s\S]*--sandbox[\s\S]*--timeout <duration>/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    // The SDK versions it is built on, not the private app's unversioned 0.0.0.
    expect(version.stdout).toMatch(
      /^log-search \(private app of bk-integrations\) built on @x\/unify-query \d+\.\d+\.\d+\S*, @x\/bkdata \d+\.\d+\.\d+\S*, @x\/core-client \d+\.\d+\.\d+\S*\n$/,
    );
    expect(version.stdout).not.toContain(' 0.0.0');
  });
});

describe('where it searches', () => {
  it('starts an embedded sandbox in-process only for --sandbox, with a one-line note', async () => {
    const run = await runCli(['sql', 'SELECT COUNT(*) AS n FROM 2_bklog_nginx_access', '--sandbox']);
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^log-search: --sandbox given: using an embedded sandbox at http:\/\/127\.0\.0\.1:\d+/);
    expect(lines(run.stdout)[0]?.trim()).toBe('n');
    expect(run.stdout).toMatch(/^1 row \(\w+\)\.$/m);
  });

  it('without BlueKing settings and without --sandbox exits 2 before doing anything, naming the variables to set', async () => {
    const run = await runCli(['search', 'level:error', '--index-set', '42'], { env: { BK_APP_CODE: 'bk_log_search', BK_APP_SECRET: 'a-secret' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'log-search: no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: set BK_COMPONENT_API_URL (or BK_PAAS_INNER_HOST, BK_PAAS_HOST, BKAPP_UNIFYQUERY_APIGATEWAY_ROOT) with BK_APP_CODE and BK_APP_SECRET, point --api-host or BK_SANDBOX_URL at a running sandbox, or pass --sandbox\n',
    );
    const json = await runCli(['fields', '--index-set', '42', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: { name: 'UsageError', message: expect.stringContaining('pass --sandbox') as unknown },
      exitCode: 2,
    });
  });

  it.each([
    ['BK_COMPONENT_API_URL', [], { BK_COMPONENT_API_URL: 'http://ops:Pw-in-url-4711@127.0.0.1:9' }],
    ['BKAPP_UNIFYQUERY_APIGATEWAY_ROOT', [], { BKAPP_UNIFYQUERY_APIGATEWAY_ROOT: 'http://ops:Pw-in-url-4711@127.0.0.1:9/api/bk-unify-query/' }],
    ['BK_SANDBOX_URL', [], { BK_SANDBOX_URL: 'http://:Pw-in-url-4711@127.0.0.1:9' }],
    ['--api-host', ['--api-host', 'http://ops:Pw-in-url-4711@127.0.0.1:9'], {}],
  ] as const)('refuses a password in %s with exit 2, naming it and never echoing the URL', async (setting, flags, env) => {
    for (const json of [[], ['--json']]) {
      const run = await runCli(['search', 'level:error', '--index-set', '42', ...flags, ...json], {
        env: { BK_APP_CODE: 'bk_log_search', BK_APP_SECRET: 'a-secret', ...env },
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${setting} contains a user name or password (user:password@host): remove them`);
      expect(run.stderr).not.toContain('Pw-in-url-4711');
      expect(run.stderr).not.toContain('127.0.0.1:9');
    }
  });
});

describe('--timeout', () => {
  let hung: Server;
  let hungUrl: string;
  beforeAll(async () => {
    // Accepts every connection and request, and never answers.
    hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    hungUrl = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    hung.closeAllConnections();
    await new Promise((resolve) => hung.close(resolve));
  });

  it.each([
    ['search', ['search', 'x', '--index-set', '42']],
    ['fields', ['fields', '--index-set', '42']],
    ['sql', ['sql', 'SELECT 1 FROM 2_bklog_audit']],
    ['export', ['search', '*', '--index-set', '42', '--export', '-']],
  ])('bounds %s against a host that never answers: exit 1 after about the --timeout, the reason said once', async (_name, args) => {
    const started = Date.now();
    const run = await runCli([...args, '--api-host', hungUrl, '--timeout', '2s']);
    const elapsed = Date.now() - started;
    expect(run.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    // Node's start-up and a busy machine on top of the 2 s budget; far from the default 90 s.
    expect(elapsed).toBeLessThan(10_000);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^log-search: (ApiRequestError|RetryError) \d+/);
    expect(run.stderr.match(/no (answer|response) within/g)).toHaveLength(1);
    expect(run.stderr).toContain('2000 ms');
  });

  it('takes the duration syntax of --since and refuses anything else (exit 2)', async () => {
    const run = await runCli(['search', 'x', '--index-set', '42', '--timeout', '500', ...apiHost]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/option '--timeout <duration>' argument '500' is invalid\. '500' is not a duration/);
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/--timeout <duration> +the most time one call may take, retries and waits\s+included: 30s, 2m \(default: 90s\)/);
  });
});

describe('--json errors', () => {
  it('prints a failure as one JSON document on stderr', async () => {
    const run = await runCli(['search', 'level:(error', '--index-set', '42', '--json', ...apiHost]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const document = JSON.parse(run.stderr) as { error: { name: string; code: string; status: number; requestId: string; message: string }; exitCode: number };
    expect(document).toMatchObject({ error: { name: 'ApiRequestError', code: '3600015', status: 400 }, exitCode: 1 });
    expect(document.error.message).toContain('parse query_string error');
    expect(document.error.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const usage = await runCli(['search', 'x', '--index-set', 'abc', '--json', ...apiHost]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({
      error: { name: 'UsageError', message: expect.stringContaining("--index-set must be a positive integer, got 'abc'") as unknown },
      exitCode: 2,
    });

    const refused = await runCli(['search', 'x', '--index-set', '42', '--since', '3000w', '--json', ...apiHost]);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr)).toMatchObject({
      error: {
        name: 'ValidationError',
        code: expect.stringMatching(/^\d+$/) as unknown,
        message: expect.stringContaining('start: must be a valid Date') as unknown,
      },
      exitCode: 2,
    });
  });
});
