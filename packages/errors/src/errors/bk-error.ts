import { buildErrorCode, ERROR_CODES, type ErrorName } from '../error-codes.js';
import { catalogueMessage, formatMessage } from '../messages.js';
import { createRedactor, type Redactor } from '../redact.js';
import { isTrustedMessage, renderTrustedMessage, type TrustedMessage } from '../trusted-message.js';
import { hasMarker } from './has-marker.js';
import { sanitizeError } from './sanitize-error.js';

const marker = 'x.errors.BkError';
const symbol = Symbol.for(marker);

/** Options every error of this package accepts. */
export interface BkErrorOptions {
  /**
   * The message. A {@link TrustedMessage} (`trustedMessage\`...\``) keeps its literal words and
   * redacts only what is interpolated; a plain string is treated as foreign text and scrubbed as a
   * whole, after its `{name}` placeholders are filled from `data`. Defaults to the class's
   * catalogue message in `language`, whose words are ours (only the `data` filled in is redacted).
   */
  readonly message?: string | TrustedMessage | undefined;
  /** A remote system's own code; overrides the class's `36` + module + error code. */
  readonly code?: string | number | undefined;
  /** Structured details; fills message placeholders. Secret keys are redacted. */
  readonly data?: Readonly<Record<string, unknown>> | undefined;
  /** Field or remote errors (bklog's `errors`). Secret keys are redacted. */
  readonly errors?: unknown;
  /** The request id of the call that failed (`X-Request-Id`, or the gateway's). */
  readonly requestId?: string | undefined;
  /** The underlying error. Non-SDK errors are copied with their message redacted. */
  readonly cause?: unknown;
  /** `zh`/`zh-hans`/`en`... for the catalogue message. @default the process default */
  readonly language?: string | undefined;
  /** Literal secret values to scrub from everything this error carries. */
  readonly secrets?: readonly (string | undefined)[] | undefined;
}

/** A serialisable summary of an error's cause. */
export interface BkErrorCauseJson {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

/** The JSON shape of every error of this package (`JSON.stringify(error)`). */
export interface BkErrorJson {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly errors?: unknown;
  readonly requestId?: string;
  readonly cause?: BkErrorCauseJson;
  readonly [field: string]: unknown;
}

/**
 * The base of every error the SDK throws, after bklog's `BaseException`: a `code` (`36` + module
 * code + error code, or a remote system's own code), a message from a Chinese or English
 * catalogue with `{placeholders}` filled from `data`, `errors`, `requestId` and `cause`.
 *
 * Whatever an error carries is redacted when it is built: secret keys in `data`/`errors`, secret
 * pairs and the given literal secrets in the message, so `message`, `stack` and `toJSON()` never
 * hold an app secret, token or password.
 *
 * @example
 * try { await client.call(endpoint, params); }
 * catch (error) { if (BkError.isInstance(error)) console.error(error.code, error.message); }
 */
export class BkError extends Error {
  private readonly [symbol] = true;

  /** The class's entry in the code and message tables. */
  protected static readonly errorName: ErrorName = 'BkError';
  /** The two-digit module code of the class. */
  protected static readonly moduleCode: string = '00';

  /** `36` + module code + error code (e.g. `3600015`), or the remote system's own code. */
  readonly code: string;
  /** Structured details (redacted). */
  readonly data: Readonly<Record<string, unknown>> | undefined;
  /** Field or remote errors (redacted). */
  readonly errors: unknown;
  /** The request id of the failed call. */
  readonly requestId: string | undefined;
  /** Redacts what subclasses add, with the same literal secrets. */
  protected readonly redactor: Redactor;

  constructor(options: BkErrorOptions = {}) {
    const errorClass = new.target as unknown as { errorName: ErrorName; moduleCode: string };
    const redactor = createRedactor({ secrets: options.secrets ?? [] });
    const data = options.data === undefined ? undefined : (redactor.value(options.data) as Record<string, unknown>);
    // Redaction by construction: our own words (a trusted template, the catalogue) are never
    // scrubbed, so a secret equal to one of them cannot show itself by where `[REDACTED]` lands.
    const message = isTrustedMessage(options.message)
      ? renderTrustedMessage(options.message, redactor)
      : options.message === undefined
        ? formatMessage(catalogueMessage(errorClass.errorName, options.language), data)
        : redactor.text(formatMessage(options.message, data));
    const cause = sanitizeError(options.cause, redactor);
    super(message, cause === undefined ? undefined : { cause });
    this.name = errorClass.errorName;
    this.redactor = redactor;
    const remoteCode = options.code === undefined || options.code === '' ? undefined : String(options.code);
    this.code = remoteCode ?? buildErrorCode(ERROR_CODES[errorClass.errorName], errorClass.moduleCode);
    this.data = data;
    this.errors = options.errors === undefined ? undefined : redactor.value(options.errors);
    this.requestId = options.requestId;
    // The redactor is an implementation detail; keep it out of enumeration and serialisers.
    Object.defineProperty(this, 'redactor', { enumerable: false });
  }

  /** Whether `error` is an SDK error, from this or any other copy of `@x/errors`. */
  static isInstance(error: unknown): error is BkError {
    return hasMarker(error, marker);
  }

  /** Fields a subclass adds to `toJSON()`. */
  protected jsonFields(): Record<string, unknown> {
    return {};
  }

  /** A plain, redacted object for logs and API responses. */
  toJSON(): BkErrorJson {
    const cause = this.cause;
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.data === undefined ? {} : { data: this.data }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      ...this.jsonFields(),
    };
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      json.cause = { name: cause.name, message: cause.message, ...(typeof code === 'string' ? { code } : {}) };
    }
    return json as BkErrorJson;
  }

  /** `[code] message`, as bklog prints its exceptions. */
  override toString(): string {
    return `${this.name}: [${this.code}] ${this.message}`;
  }
}
