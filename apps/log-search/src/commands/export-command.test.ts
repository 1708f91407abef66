import { Writable } from 'node:stream';
import type { UnifyQueryRow } from '@x/unify-query';
import { describe, expect, it } from 'vitest';
import { writeNdjson } from './export-command.js';

async function* generate(count: number): AsyncGenerator<UnifyQueryRow> {
  for (let index = 0; index < count; index += 1) yield { __doc_id: `doc-${index}`, log: 'x'.repeat(100) };
}

/** A slow sink with a small buffer that records how much was ever waiting in it. */
function slowSink(): { stream: Writable; lines: string[]; maxBuffered: () => number } {
  const lines: string[] = [];
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      setImmediate(callback);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string) => {
    const accepted = write(chunk);
    maxBuffered = Math.max(maxBuffered, stream.writableLength);
    return accepted;
  }) as typeof stream.write;
  return { stream, lines, maxBuffered: () => maxBuffered };
}

describe('writeNdjson', () => {
  it('writes one line per row and waits for drain, so the buffer never outgrows the high-water mark by more than a line', async () => {
    const sink = slowSink();
    const count = await writeNdjson(generate(2_000), sink.stream);
    expect(count).toBe(2_000);
    expect(sink.lines).toHaveLength(2_000);
    expect(JSON.parse(sink.lines[1_999] ?? '')).toEqual({ __doc_id: 'doc-1999', log: 'x'.repeat(100) });
    expect(sink.maxBuffered()).toBeLessThan(1024 + 200);
  });

  it('leaves no listeners behind however often it waits for drain', async () => {
    const sink = slowSink();
    await writeNdjson(generate(500), sink.stream);
    expect(sink.stream.listenerCount('drain')).toBe(0);
    expect(sink.stream.listenerCount('close')).toBe(0);
  });

  it('counts what it wrote in the tally, also when the stream fails', async () => {
    let writes = 0;
    const stream = new Writable({
      highWaterMark: 10,
      write(_chunk, _encoding, callback) {
        writes += 1;
        if (writes > 3) callback(new Error('no space left on device'));
        else setImmediate(callback);
      },
    });
    stream.on('error', () => undefined);
    const tally = { records: 0 };
    await expect(writeNdjson(generate(100), stream, undefined, tally)).rejects.toThrow('no space left on device');
    expect(tally.records).toBeGreaterThanOrEqual(3);
    expect(tally.records).toBeLessThan(100);
  });

  it('stops with the stream error instead of waiting for a drain that never comes', async () => {
    const stream = new Writable({
      highWaterMark: 10,
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    stream.on('error', () => undefined);
    await expect(writeNdjson(generate(100), stream)).rejects.toThrow('disk full');
  });
});
