/**
 * Base64-encodes a mail or message body and marks it so (`is_content_base64: true`). Spread it
 * into the params of `sendMail`, `sendMsg` or `sendSms`.
 * @example await cmsi.sendMail({ receivers: ['alice'], title: 'Report', ...base64Content('<b>ready</b>'), body_format: 'Html' });
 */
export function base64Content(content: string | Uint8Array): { content: string; is_content_base64: true } {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return { content: bytes.toString('base64'), is_content_base64: true };
}
