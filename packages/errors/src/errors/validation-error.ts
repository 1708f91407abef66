import type { ErrorName } from '../error-codes.js';
import type { BkErrorOptions } from './bk-error.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.ValidationError';
const symbol = Symbol.for(marker);

/** One problem with one field. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `['receivers']` or `['query_list', 0, 'table_id']`. */
  readonly path: readonly (string | number)[];
  /** What is wrong, for a person. */
  readonly message: string;
  /** A machine-readable kind (zod's issue code), when known. */
  readonly code?: string | undefined;
}

/** Options of a {@link ValidationError}. */
export interface ValidationErrorOptions extends BkErrorOptions {
  /** The problems found. */
  readonly issues?: readonly ValidationIssue[] | undefined;
  /** `input`: refused before sending; `output`: a 2xx response that does not fit its schema. */
  readonly direction?: 'input' | 'output' | undefined;
  /** The module of the endpoint. */
  readonly module?: string | undefined;
  /** The endpoint. */
  readonly endpoint?: string | undefined;
}

function pathText(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/**
 * Input or output that does not fit its schema (`3600001`). The message names each field and
 * what is wrong with it; `issues` and `fields` give the same for code.
 * @example
 * catch (error) {
 *   if (ValidationError.isInstance(error)) console.error(error.fields); // ['receivers']
 * }
 */
export class ValidationError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'ValidationError';

  /** The problems found. */
  readonly issues: readonly ValidationIssue[];
  /** Whether the input was refused or the output did not fit. */
  readonly direction: 'input' | 'output';
  /** The module of the endpoint. */
  readonly module: string | undefined;
  /** The endpoint. */
  readonly endpoint: string | undefined;

  constructor(options: ValidationErrorOptions = {}) {
    const issues = options.issues ?? [];
    const where =
      options.endpoint === undefined ? '' : ` (${options.module === undefined ? '' : `${options.module}.`}${options.endpoint} ${options.direction ?? 'input'})`;
    const base = options.message ?? undefined;
    super({ ...options, errors: options.errors ?? issues, message: base });
    this.issues = issues;
    this.direction = options.direction ?? 'input';
    this.module = options.module;
    this.endpoint = options.endpoint;
    if (options.message === undefined && issues.length > 0) {
      // The catalogue words and the endpoint's name are ours; paths and issue texts may carry
      // what the caller sent, so only they are scrubbed (redaction by construction).
      const redactedDetails = issues.map((issue) => `${this.redactor.text(pathText(issue.path))}: ${this.redactor.text(issue.message)}`).join('; ');
      this.message = `${this.message}${where}: ${redactedDetails}`;
    }
    // Keep the stack's first line in step with the final message.
    if (this.stack !== undefined) {
      const firstLineEnd = this.stack.indexOf('\n');
      this.stack = `${this.name}: ${this.message}${firstLineEnd === -1 ? '' : this.stack.slice(firstLineEnd)}`;
    }
  }

  /** The names of the fields with a problem, as dotted paths (`query_list[0].table_id`). */
  get fields(): string[] {
    return [...new Set(this.issues.map((issue) => pathText(issue.path)))];
  }

  /** Whether `error` is a ValidationError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is ValidationError {
    return hasMarker(error, marker);
  }

  protected override jsonFields(): Record<string, unknown> {
    return { direction: this.direction, fields: this.fields, module: this.module, endpoint: this.endpoint };
  }
}
