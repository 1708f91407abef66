import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { outputColumns, writeText } from './output.js';
import type { OutputStream } from './output.js';

function terminal(columns: number | undefined, isTTY: boolean): OutputStream {
  return Object.assign(new PassThrough(), { isTTY, columns });
}

describe('outputColumns', () => {
  it('uses the terminal width first', () => {
    expect(outputColumns(terminal(70, true), { COLUMNS: '200' })).toBe(70);
  });

  it('falls back to a usable COLUMNS, then to 120', () => {
    expect(outputColumns(terminal(undefined, false), { COLUMNS: '80' })).toBe(80);
    expect(outputColumns(terminal(70, false), {})).toBe(120);
    expect(outputColumns(terminal(0, true), { COLUMNS: '10' })).toBe(120);
    expect(outputColumns(terminal(undefined, false), { COLUMNS: 'wide' })).toBe(120);
  });
});

describe('writeText', () => {
  it('waits for drain when the buffer is full and loses nothing', async () => {
    const chunks: string[] = [];
    let pending: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString('utf8'));
        pending = callback;
      },
    });
    const written = writeText(slow, 'first line\n');
    expect(slow.writableNeedDrain).toBe(true);
    let settled = false;
    void written.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    pending?.();
    await written;
    await writeText(new PassThrough(), 'fits\n');
    expect(chunks).toEqual(['first line\n']);
  });
});
