import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { indentedStream } from './indented-stream.js';

describe('indentedStream', () => {
  it('prefixes every line, also across chunks, and leaves empty lines alone', async () => {
    const target = new PassThrough();
    let text = '';
    target.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const stream = indentedStream(target, '  ');
    stream.write('one\ntw');
    stream.write('o\n\nthree');
    stream.end('\n');
    await new Promise((resolve) => stream.on('finish', resolve));
    expect(text).toBe('  one\n  two\n\n  three\n');
  });
});
