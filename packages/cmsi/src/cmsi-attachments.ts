import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@x/errors';
import * as z from 'zod';

// Any Uint8Array (a Buffer included, whatever its backing buffer); z.instanceof would narrow the
// type to Uint8Array<ArrayBuffer>, which a Node Buffer is not.
const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array);

/**
 * One attachment of a mail or message. `content` is the file itself: bytes (a Buffer or
 * Uint8Array), or a file path (a string or a `file:` URL) read when the call is made. It is sent
 * base64-encoded, as CMSI expects.
 * @example { filename: 'report.csv', content: Buffer.from('a,b\n1,2\n'), type: 'text/csv' }
 * @example { content: '/tmp/report.pdf' } // filename: 'report.pdf'
 * @example { filename: 'logo.png', content: logoBytes, disposition: 'inline', content_id: 'logo' } // <img src="cid:logo">
 */
export const cmsiAttachmentInputSchema = z
  .object({
    /** The file name the receiver sees. @default the path's base name, when `content` is a path */
    filename: z.string().trim().min(1, 'must not be empty').optional(),
    /** The bytes, or the path (string or `file:` URL) of a file to read. */
    content: z.union([bytesSchema, z.string().min(1, 'must not be empty'), z.instanceof(URL)], { error: 'must be a Buffer, a Uint8Array or a file path' }),
    /** The MIME type, e.g. `text/csv`. */
    type: z.string().optional(),
    /** `attachment` or `inline`. */
    disposition: z.string().optional(),
    /** The id an inline attachment is referenced by in HTML (`cid:<content_id>`). */
    content_id: z.string().optional(),
  })
  .superRefine((attachment, context) => {
    if (attachment.filename === undefined && attachment.content instanceof Uint8Array) {
      context.addIssue({ code: 'custom', path: ['filename'], message: 'is required when content is bytes' });
    }
  });

/** An attachment as `sendMail` / `sendMsg` accept it. */
export type CmsiAttachmentInput = z.input<typeof cmsiAttachmentInputSchema>;

/** An attachment as CMSI receives it: `content` base64-encoded. */
export interface CmsiWireAttachment {
  readonly filename: string;
  readonly content: string;
  readonly type?: string;
  readonly disposition?: string;
  readonly content_id?: string;
}

type ParsedAttachment = z.output<typeof cmsiAttachmentInputSchema>;

function filePath(content: string | URL): string {
  return content instanceof URL ? fileURLToPath(content) : content;
}

async function readContent(attachment: ParsedAttachment, index: number, endpoint: string): Promise<Uint8Array> {
  if (attachment.content instanceof Uint8Array) return attachment.content;
  const path = filePath(attachment.content);
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ValidationError({
      direction: 'input',
      module: 'cmsi',
      endpoint,
      issues: [{ path: ['attachments', index, 'content'], message: `cannot read the file ${path}${typeof code === 'string' ? ` (${code})` : ''}`, code: 'unreadable_file' }],
      cause: error,
    });
  }
}

/**
 * Reads and base64-encodes attachments into CMSI's shape. A file that cannot be read is a
 * ValidationError naming `attachments[i].content`, before anything is sent.
 */
export async function buildAttachments(attachments: readonly ParsedAttachment[], endpoint: string): Promise<CmsiWireAttachment[]> {
  return Promise.all(
    attachments.map(async (attachment, index): Promise<CmsiWireAttachment> => {
      const bytes = await readContent(attachment, index, endpoint);
      const filename = attachment.filename ?? (attachment.content instanceof Uint8Array ? 'attachment' : basename(filePath(attachment.content)));
      return {
        filename,
        content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
        ...(attachment.type === undefined ? {} : { type: attachment.type }),
        ...(attachment.disposition === undefined ? {} : { disposition: attachment.disposition }),
        ...(attachment.content_id === undefined ? {} : { content_id: attachment.content_id }),
      };
    }),
  );
}

/**
 * Base64-encodes a mail or message body and marks it so (`is_content_base64: true`). Spread it
 * into the params of `sendMail`, `sendMsg` or `sendSms`.
 * @example await cmsi.sendMail({ receivers: ['alice'], title: 'Report', ...base64Content('<b>ready</b>'), body_format: 'Html' });
 */
export function base64Content(content: string | Uint8Array): { content: string; is_content_base64: true } {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return { content: bytes.toString('base64'), is_content_base64: true };
}
