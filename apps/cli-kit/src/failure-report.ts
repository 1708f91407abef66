import { ApiRequestError, BkError, RetryError, ValidationError } from '@x/errors';
import { CliError } from './cli-error.js';
import { describeError } from './describe-error.js';
import { UsageError } from './usage-error.js';

/** Exit status of a run that did what it was asked, or printed the help or the version. */
export const EXIT_OK = 0;
/** Exit status of a runtime, probe or API failure. */
export const EXIT_FAILURE = 1;
/** Exit status of a usage mistake (a bad flag or value, missing settings); nothing was sent. */
export const EXIT_USAGE = 2;
/** Exit status of a run stopped by Ctrl+C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
/** Exit status of a run stopped by SIGTERM (128 + SIGTERM); handled like Ctrl+C. */
export const EXIT_TERMINATED = 143;
/** Exit status of a run whose stdout was closed under it (128 + SIGPIPE), e.g. `… | head -1`. */
export const EXIT_BROKEN_PIPE = 141;

/** How a run that was stopped by a signal ends: both CLIs word it the same. */
export function interruptedMessage(detail?: string): string {
  return detail === undefined || detail === '' ? 'interrupted' : `interrupted: ${detail}`;
}

/** The exit status for a stop signal: 143 for SIGTERM, else 130. */
export function interruptedExitCode(reason: unknown): number {
  return reason === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED;
}

// Input the SDK refused only after asking the server (@x/infra: an id no cluster has, a name or
// address already registered): what the server holds decides, not the command line, so these stay
// failures (1).
const SERVER_STATE_ISSUE_CODES: ReadonlySet<string> = new Set(['not_found', 'duplicate_cluster']);

/**
 * Whether `error` is a usage-level mistake: a {@link UsageError} from the CLI's own checks, or a
 * ValidationError the SDK raised on the input before sending anything (`direction: 'input'`: a
 * time range before 1970, a cluster name it refuses, an app secret that is not configured).
 * Both CLIs exit 2 for these, as for a bad flag. A ValidationError on a response (`output`) is a
 * server's answer that does not fit, and one about the server's state (`not_found`,
 * `duplicate_cluster` issues) a conflict: failures (1).
 */
export function isUsageMistake(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  if (!ValidationError.isInstance(error) || error.direction !== 'input') return false;
  return !error.issues.some((issue) => issue.code !== undefined && SERVER_STATE_ISSUE_CODES.has(issue.code));
}

/** The exit status of a failed run: {@link EXIT_USAGE} for a usage mistake, else {@link EXIT_FAILURE}. */
export function failureExitCode(error: unknown): number {
  return isUsageMistake(error) ? EXIT_USAGE : EXIT_FAILURE;
}

/** What `--json` prints (on stderr) for a failed run: one JSON document. */
export interface FailureDocument {
  readonly error: {
    /** The @x/errors class, `UsageError`, `Interrupted`, or a JavaScript error name. */
    readonly name: string;
    /** The @x/errors code, when there is one. */
    readonly code?: string;
    readonly message: string;
    readonly status?: number;
    readonly requestId?: string;
    readonly traceId?: string;
    /** Why retrying stopped (RetryError), e.g. `totalTimeoutExceeded`. */
    readonly reason?: string;
  };
  readonly exitCode: number;
}

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join('***');
  return result;
}

/**
 * The JSON document of a failure: class, code, message, status, request and trace ids and the
 * exit status; `secrets` are scrubbed from the message as in {@link describeError}.
 */
export function failureDocument(error: unknown, exitCode: number, secrets: readonly string[] = []): FailureDocument {
  if (BkError.isInstance(error)) {
    const last = RetryError.isInstance(error) && BkError.isInstance(error.lastError) ? error.lastError : undefined;
    const request = ApiRequestError.isInstance(error) ? error : ApiRequestError.isInstance(last) ? last : undefined;
    const status = request?.status;
    const traceId = request?.traceId;
    const requestId = error.requestId ?? last?.requestId;
    return {
      error: {
        name: error.name,
        code: error.code,
        message: scrub(error.message, secrets),
        ...(status === undefined ? {} : { status }),
        ...(requestId === undefined ? {} : { requestId }),
        ...(traceId === undefined ? {} : { traceId }),
        ...(RetryError.isInstance(error) ? { reason: error.reason } : {}),
      },
      exitCode,
    };
  }
  if (error instanceof UsageError) return { error: { name: 'UsageError', message: scrub(error.message, secrets) }, exitCode };
  if (error instanceof CliError)
    return { error: { name: error.name, ...(error.code === undefined ? {} : { code: error.code }), message: scrub(error.message, secrets) }, exitCode };
  const text = describeError(error, secrets);
  return { error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? scrub(error.message, secrets) : text }, exitCode };
}

/** Where and how a CLI reports a failure. */
export interface FailureReporter {
  /** The program name that starts a text line, e.g. `log-search`. */
  readonly program: string;
  /** `--json`: one JSON document instead of a text line. */
  readonly json: boolean;
  /** Writes to stderr. */
  readonly write: (text: string) => void;
  /** Literal secrets to scrub once more. */
  readonly secrets?: readonly string[] | undefined;
}

/**
 * Writes a failure to stderr and returns `exitCode`: a text line `program: <description>`
 * ({@link describeError}; the message alone for a UsageError or a CliError), or under `--json` one
 * {@link FailureDocument}. `hint` follows the text line (e.g. `Run 'x --help' for usage.`).
 */
export function reportFailure(reporter: FailureReporter, error: unknown, exitCode: number, hint?: string): number {
  const secrets = reporter.secrets ?? [];
  if (reporter.json) {
    reporter.write(`${JSON.stringify(failureDocument(error, exitCode, secrets))}\n`);
    return exitCode;
  }
  const text = error instanceof UsageError || error instanceof CliError ? scrub(error.message, secrets) : describeError(error, secrets);
  reporter.write(`${reporter.program}: ${text}\n${hint === undefined ? '' : `${hint}\n`}`);
  return exitCode;
}

/** Reports a run stopped by a signal (`detail`, e.g. `1,200 records kept in out.ndjson`) and returns its exit status. */
export function reportInterrupted(reporter: FailureReporter, reason: unknown, detail?: string): number {
  const exitCode = interruptedExitCode(reason);
  const message = interruptedMessage(detail);
  reporter.write(
    reporter.json
      ? `${JSON.stringify({ error: { name: 'Interrupted', message }, exitCode } satisfies FailureDocument)}\n`
      : `${reporter.program}: ${message}\n`,
  );
  return exitCode;
}
