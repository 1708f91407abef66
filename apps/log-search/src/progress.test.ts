import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, ratePerSecond } from './progress.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('prints a plain line at most once a second when stderr is not a terminal', () => {
    let time = 0;
    const output = capture();
    const progress = createProgress({ stream: output.stream, label: 'export', unit: 'records', total: 3000, columns: 80, now: () => time, interactive: false });
    time = 400;
    progress.update(1); // the first record starts the clock of the lines
    time = 900;
    progress.update(1000);
    time = 1500;
    progress.update(1500);
    time = 2000;
    progress.finish(3000);
    expect(output.text()).toBe('export: 1,500 / 3,000 records (50%), 1,000 records/s\nexport: 3,000 / 3,000 records (100%), 1,500 records/s\n');
  });

  it('redraws one terminal line with a bar, the percentage, the count and the rate', () => {
    let time = 0;
    const output = capture();
    const progress = createProgress({ stream: output.stream, label: 'export', unit: 'records', total: 200, columns: 100, now: () => time, interactive: true });
    time = 1000;
    progress.update(100);
    time = 1020;
    progress.update(110); // within 80 ms: not redrawn
    time = 2000;
    progress.finish(200);
    const frames = output
      .text()
      .split('\r\u001b[2K')
      .filter((frame) => frame !== '');
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^export {2}\[█{15} {15}\] {2} 50% {2}100 \/ 200 records {2}100 records\/s {2}0:01$/);
    expect(frames[1]).toMatch(/^export {2}\[█{30}\] {2}100% {2}200 \/ 200 records {2}100 records\/s {2}0:02\n$/);
  });

  it('counts without a total and ignores reports after finish', () => {
    let time = 0;
    const output = capture();
    const progress = createProgress({
      stream: output.stream,
      label: 'export',
      unit: 'rows',
      total: undefined,
      columns: 80,
      now: () => time,
      interactive: false,
    });
    time = 500;
    progress.finish(5);
    progress.update(10);
    progress.finish(10);
    expect(output.text()).toBe('export: 5 rows, 10 rows/s\n');
  });

  it('computes rates', () => {
    expect(ratePerSecond(500, 250)).toBe(2000);
    expect(ratePerSecond(5, 0)).toBe(0);
  });
});
