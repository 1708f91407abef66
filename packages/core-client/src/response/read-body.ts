import type { ReadableStreamReadResult } from 'node:stream/web';

/** The outcome of reading a response body under a byte cap and a deadline. */
export type BodyReadResult =
  | { readonly ok: true; readonly text: string; readonly bytes: number; readonly truncated?: boolean }
  | { readonly ok: false; readonly reason: 'too-large'; readonly bytes: number }
  | { readonly ok: false; readonly reason: 'timeout' }
  | { readonly ok: false; readonly reason: 'network'; readonly cause: unknown };

const charsetParameter = /;\s*charset\s*=\s*"?([^";,\s]+)/i;
// `decode()` without `stream: true` keeps no state between calls: one decoder serves every read.
const utf8 = new TextDecoder();
// Decoders of the other charsets met, by name as sent (a few at most; bounded all the same).
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decoderFor(contentType: string | null): InstanceType<typeof TextDecoder> {
  const charset = contentType === null ? undefined : charsetParameter.exec(contentType)?.[1];
  if (charset === undefined) return utf8;
  let decoder = decoders.get(charset);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(charset);
    } catch {
      // An unknown charset falls back to UTF-8, what BlueKing APIs send anyway.
      decoder = utf8;
    }
    if (decoders.size < 32) decoders.set(charset, decoder);
  }
  return decoder;
}

// Never awaited: cancelling one branch of a cloned (tee'd) body settles only when every branch is
// cancelled, which may be never.
function cancel(body: ReadableStream | null): void {
  void body?.cancel().catch(() => undefined);
}

/**
 * Reads a body as text, stopping (and cancelling the stream) as soon as it passes `maxBytes`, so
 * an oversized answer is never buffered whole. With `over: 'fail'` a larger body is a `too-large`
 * failure (a declared `Content-Length` over the cap fails before reading anything); with
 * `over: 'cut'` its first `maxBytes` bytes are the text, marked `truncated` (for error pages,
 * which are only summarised).
 */
export async function readBody(response: Response, maxBytes: number, timeoutMs: number, over: 'fail' | 'cut' = 'fail'): Promise<BodyReadResult> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (over === 'fail' && Number.isFinite(declared) && declared > maxBytes) {
    cancel(response.body);
    return { ok: false, reason: 'too-large', bytes: declared };
  }
  if (response.body === null) return { ok: true, text: '', bytes: 0 };
  const reader = response.body.getReader();
  // Bytes are kept and decoded once at the end: one flat string for JSON.parse, instead of a
  // string per chunk joined afterwards (twice the garbage on a large body).
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  // At the deadline the read is cancelled, which settles the pending read as done: no race (and no
  // promise per chunk) is needed to notice it.
  // (A box: TypeScript cannot see the timer change a plain `let`.)
  const deadline = { passed: false };
  const timer = setTimeout(() => {
    deadline.passed = true;
    void reader.cancel().catch(() => undefined);
  }, timeoutMs);
  try {
    for (;;) {
      const chunk: ReadableStreamReadResult<Uint8Array> = await reader.read();
      if (deadline.passed) return { ok: false, reason: 'timeout' };
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      if (bytes > maxBytes) {
        void reader.cancel().catch(() => undefined);
        if (over === 'fail') return { ok: false, reason: 'too-large', bytes };
        const kept = chunk.value.subarray(0, chunk.value.byteLength - (bytes - maxBytes));
        chunks.push(kept);
        // A character cut in half decodes as U+FFFD: harmless in a summary.
        return { ok: true, text: decoderFor(response.headers.get('content-type')).decode(Buffer.concat(chunks, maxBytes)), bytes: maxBytes, truncated: true };
      }
      chunks.push(chunk.value);
    }
    const decoder = decoderFor(response.headers.get('content-type'));
    return { ok: true, text: decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes)), bytes };
  } catch (error) {
    return { ok: false, reason: 'network', cause: error };
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}
