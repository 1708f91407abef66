import { ApiRequestError, RetryError, ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import {
  EXIT_FAILURE,
  EXIT_USAGE,
  failureDocument,
  failureExitCode,
  interruptedExitCode,
  isUsageMistake,
  reportFailure,
  reportInterrupted,
} from './failure-report.js';
import { CliError } from './cli-error.js';
import { UsageError } from './usage-error.js';

function reporter(json: boolean, secrets: string[] = []): { lines: string[]; reporter: Parameters<typeof reportFailure>[0] } {
  const lines: string[] = [];
  return { lines, reporter: { program: 'tool', json, write: (text) => lines.push(text), secrets } };
}

describe('failureExitCode', () => {
  it('is 2 for usage errors and for input the SDK refused before sending, else 1', () => {
    const refused = new ValidationError({
      direction: 'input',
      module: 'unify_query',
      endpoint: 'buildQuery',
      issues: [{ path: ['start'], message: 'must be a valid Date or non-negative epoch milliseconds' }],
    });
    const unfit = new ValidationError({
      direction: 'output',
      module: 'unify_query',
      endpoint: 'query_ts_raw',
      issues: [{ path: ['list'], message: 'expected array' }],
    });
    expect([new UsageError('bad flag'), refused].map(failureExitCode)).toEqual([EXIT_USAGE, EXIT_USAGE]);
    expect(
      [unfit, new ApiRequestError({ failure: 'http-status', status: 400 }), new CliError('disk full'), new Error('x'), 'text'].map(failureExitCode),
    ).toEqual([EXIT_FAILURE, EXIT_FAILURE, EXIT_FAILURE, EXIT_FAILURE, EXIT_FAILURE]);
    expect(isUsageMistake(refused)).toBe(true);
    expect(isUsageMistake(unfit)).toBe(false);
    // Refused after asking the server: an unknown id, a duplicate. The server's state decides: 1.
    const unknownId = new ValidationError({
      direction: 'input',
      module: 'infra',
      endpoint: 'es.delete',
      issues: [{ path: ['clusterId'], message: 'no elasticsearch cluster with id 9 is registered', code: 'not_found' }],
    });
    const duplicate = new ValidationError({
      direction: 'input',
      module: 'infra',
      endpoint: 'es.register',
      issues: [{ path: ['name'], message: 'the cluster name is already used', code: 'duplicate_cluster' }],
    });
    expect([unknownId, duplicate].map(failureExitCode)).toEqual([EXIT_FAILURE, EXIT_FAILURE]);
  });
});

describe('reportFailure', () => {
  it('writes one text line, with a hint for usage errors', () => {
    const text = reporter(false);
    expect(reportFailure(text.reporter, new UsageError('--limit must be a positive integer'), 2, "Run 'tool --help' for usage.")).toBe(2);
    expect(text.lines).toEqual(["tool: --limit must be a positive integer\nRun 'tool --help' for usage.\n"]);
  });

  it('writes one JSON document under --json, secrets scrubbed', () => {
    const json = reporter(true, ['hunter2']);
    const last = new ApiRequestError({ failure: 'timeout', message: 'no answer within 2000 ms', requestId: 'req-1', status: 504 });
    expect(reportFailure(json.reporter, new RetryError({ reason: 'totalTimeoutExceeded', attemptErrors: [last] }), 1)).toBe(1);
    expect(json.lines).toHaveLength(1);
    expect(JSON.parse(json.lines[0] ?? '')).toEqual({
      error: {
        name: 'RetryError',
        code: expect.stringMatching(/^\d+$/) as unknown,
        message: 'The request failed after 1 attempt (totalTimeoutExceeded): no answer within 2000 ms',
        status: 504,
        requestId: 'req-1',
        reason: 'totalTimeoutExceeded',
      },
      exitCode: 1,
    });
    reportFailure(json.reporter, new Error('password hunter2 refused'), 1);
    expect(JSON.parse(json.lines[1] ?? '')).toEqual({ error: { name: 'Error', message: 'password *** refused' }, exitCode: 1 });
    reportFailure(json.reporter, new UsageError('bad flag'), 2, 'ignored hint');
    expect(JSON.parse(json.lines[2] ?? '')).toEqual({ error: { name: 'UsageError', message: 'bad flag' }, exitCode: 2 });
  });

  it('prints a CliError as its message alone, with its system code in JSON', () => {
    const text = reporter(false);
    reportFailure(text.reporter, new CliError('could not write out.ndjson (ENOSPC: no space left on device)', { code: 'ENOSPC' }), 1);
    expect(text.lines).toEqual(['tool: could not write out.ndjson (ENOSPC: no space left on device)\n']);
    expect(failureDocument(new CliError('could not write out.ndjson', { code: 'ENOSPC' }), 1)).toEqual({
      error: { name: 'CliError', code: 'ENOSPC', message: 'could not write out.ndjson' },
      exitCode: 1,
    });
  });

  it('documents @x/errors classes with their code', () => {
    expect(failureDocument(new ValidationError({ message: 'apiHost is not configured' }), 1).error).toMatchObject({
      name: 'ValidationError',
      message: 'apiHost is not configured',
    });
  });
});

describe('reportInterrupted', () => {
  it('words a stop the same in text and JSON, with 130 for SIGINT and 143 for SIGTERM', () => {
    const text = reporter(false);
    expect(reportInterrupted(text.reporter, undefined)).toBe(130);
    expect(reportInterrupted(text.reporter, 'SIGTERM', '12 records kept in out.ndjson')).toBe(143);
    expect(text.lines).toEqual(['tool: interrupted\n', 'tool: interrupted: 12 records kept in out.ndjson\n']);
    const json = reporter(true);
    reportInterrupted(json.reporter, 'SIGINT');
    expect(JSON.parse(json.lines[0] ?? '')).toEqual({ error: { name: 'Interrupted', message: 'interrupted' }, exitCode: 130 });
    expect(interruptedExitCode(new Error('x'))).toBe(130);
  });
});
