import { z } from 'zod';
import { channelsFor, severitiesOf } from './routing.js';
import type { RoutingTable } from './routing.js';

/**
 * The longest `content` accepted, in characters, when none is configured.
 * @default 4000
 */
export const DEFAULT_MAX_CONTENT_LENGTH = 4000;

/** What `POST /alerts` accepts, after validation. */
export interface Alert {
  /** The caller's id of the alert; also the idempotency key's first half. */
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly content: string;
  /** BlueKing user names. */
  readonly receivers: readonly string[];
  /** The WeCom app chat for the `wework` channel. */
  readonly chatid?: string | undefined;
}

/** Options of {@link createAlertSchema}. */
export interface AlertSchemaOptions {
  readonly routing: RoutingTable;
  /** @default DEFAULT_MAX_CONTENT_LENGTH */
  readonly maxContentLength?: number | undefined;
}

// No ':' (BullMQ job ids cannot hold one) and no '/' (the id is a URL path segment).
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const USERNAME_PATTERN = /^[\w.@-]{1,64}$/;
// C0 and C1 controls, DEL and the Unicode line separators: a CR/LF in a title would become a
// header line of a mail (`\r\nBcc: ...`) or a new line of an SMS/voice template.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const noControlCharacters = (value: string): boolean => !CONTROL_CHARACTERS.test(value);
const CONTROL_MESSAGE = 'must not contain control characters (CR, LF, tab, NUL...)';

/**
 * The schema of an alert for one routing table: `severity` must be one it routes, and a severity
 * routed to `wework` needs a `chatid`.
 */
export function createAlertSchema(options: AlertSchemaOptions): z.ZodType<Alert> {
  const maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  const severities = severitiesOf(options.routing);
  return z
    .object({
      id: z.string().regex(ID_PATTERN, 'must be 1-128 characters: letters, digits, ".", "_" or "-", starting with a letter or digit'),
      severity: z.string().refine((value) => severities.includes(value), { error: `must be one of ${severities.join(', ')}` }),
      title: z.string().refine(noControlCharacters, CONTROL_MESSAGE).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      content: z.string().min(1, 'must not be empty').max(maxContentLength, `must be at most ${maxContentLength} characters`),
      receivers: z
        .array(z.string().refine(noControlCharacters, CONTROL_MESSAGE).regex(USERNAME_PATTERN, 'must be a BlueKing user name (letters, digits, _ . @ -)'))
        .min(1, 'must list at least one receiver')
        .max(100, 'must list at most 100 receivers'),
      chatid: z
        .string()
        .refine(noControlCharacters, CONTROL_MESSAGE)
        .regex(/^[\w-]{1,64}$/, 'must be a WeCom chat id (letters, digits, _ or -)')
        .optional(),
    })
    .superRefine((alert, context) => {
      if (alert.chatid === undefined && channelsFor(options.routing, alert.severity)?.includes('wework') === true) {
        context.addIssue({ code: 'custom', path: ['chatid'], message: `is required: severity ${alert.severity} is routed to the wework channel` });
      }
    });
}

/** One problem of a request body, with the field it concerns. */
export interface AlertIssue {
  /** Dotted path of the field (`receivers.0`), `''` for the body itself. */
  readonly field: string;
  readonly message: string;
}

/** Flattens zod issues into `{ field, message }` pairs; a missing field reads "is required". */
export function describeIssues(error: z.ZodError): AlertIssue[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
    return { field, message: missing ? 'is required' : issue.message };
  });
}

/** `receivers: must list at least one receiver; severity: must be one of ...` */
export function formatIssues(issues: readonly AlertIssue[]): string {
  return issues.map((issue) => (issue.field === '' ? issue.message : `${issue.field}: ${issue.message}`)).join('; ');
}
