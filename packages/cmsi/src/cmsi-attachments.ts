import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@x/errors';
import * as z from 'zod';
import { unknownFields } from './cmsi-input.js';
import { CMSI_IMAGE_TYPES } from './cmsi-rules.js';

// Any Uint8Array (a Buffer included, whatever its backing buffer); z.instanceof would narrow the
// type to Uint8Array<ArrayBuffer>, which a Node Buffer is not.
const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array);

/**
 * One attachment of a mail or message. `content` is the file itself: bytes (a Buffer or
 * Uint8Array), or a file path (a string or a `file:` URL) read when the call is made. It is sent
 * base64-encoded, as CMSI expects.
 *
 * What the mail component does with the other fields (legacy-bk-paas
 * `paas2/esb/components/generic/templates/cmsi/toolkit/send_mail_with_smtp.py`,
 * `add_attachment_to_msg`): `type` is a file-type keyword, not a MIME type — `image`, `jpg`,
 * `png` or `jpeg` attach the file as an image, inline by default, with a `Content-ID`; anything
 * else (or nothing) attaches it as a file. The component's own default for `type` never names
 * an image (it reads the RFC 2047-encoded file name), so give `type` for an inline image.
 * @example { filename: 'report.csv', content: Buffer.from('a,b\n1,2\n') }
 * @example { content: '/tmp/report.pdf' } // filename: 'report.pdf'
 * @example { filename: 'logo.png', content: logoBytes, type: 'png', content_id: 'logo' } // <img src="cid:logo">, sent as content_id '<logo>'
 */
export const cmsiAttachmentInputSchema = z
  .strictObject(
    {
      /** The file name the receiver sees. @default the path's base name, when `content` is a path */
      filename: z.string().trim().min(1, 'must not be empty').optional(),
      /** The bytes, or the path (string or `file:` URL) of a file to read. */
      content: z.union([bytesSchema, z.string().min(1, 'must not be empty'), z.instanceof(URL)], { error: 'must be a Buffer, a Uint8Array or a file path' }),
      /**
       * A file-type keyword: `image`, `jpg`, `png` or `jpeg` for an image (inline by default), else
       * any suffix such as `csv` (attached as a file). A MIME type (`image/png`) is refused: the
       * component would not recognise the image and attach it as a plain file.
       */
      type: z
        .string()
        .refine((type) => !type.includes('/'), { error: 'is a file-type keyword (image, jpg, png, jpeg, or a suffix such as csv), not a MIME type' })
        .optional(),
      /** `attachment` or `inline` (the `Content-Disposition`). @default `inline` for images, `attachment` otherwise (the component's defaults) */
      disposition: z.enum(['attachment', 'inline']).optional(),
      /**
       * The id an inline image is referenced by in HTML (`<img src="cid:logo">` for `logo`). The
       * component puts it in the `Content-ID` header as given, which needs angle brackets: `logo` is
       * sent as `<logo>` (a value already in brackets is sent unchanged). Only for image `type`s.
       */
      content_id: z.string().trim().min(1, 'must not be empty').optional(),
    },
    unknownFields('an attachment', 'an attachment has filename, content, type, disposition and content_id'),
  )
  .superRefine((attachment, context) => {
    if (attachment.content_id !== undefined && !CMSI_IMAGE_TYPES.includes((attachment.type ?? '').toLowerCase())) {
      context.addIssue({
        code: 'custom',
        path: ['content_id'],
        message: `only applies to images: give type ${CMSI_IMAGE_TYPES.join(', ')} (the component ignores content_id for other files)`,
      });
    }
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
  readonly disposition?: 'attachment' | 'inline';
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
      issues: [
        {
          path: ['attachments', index, 'content'],
          message: `cannot read the file ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
          code: 'unreadable_file',
        },
      ],
      cause: error,
    });
  }
}

/** A `Content-ID` header value: `logo` → `<logo>`, as `cid:logo` references it (RFC 2392). */
function contentIdHeader(contentId: string): string {
  return contentId.startsWith('<') && contentId.endsWith('>') ? contentId : `<${contentId}>`;
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
        ...(attachment.content_id === undefined ? {} : { content_id: contentIdHeader(attachment.content_id) }),
      };
    }),
  );
}
