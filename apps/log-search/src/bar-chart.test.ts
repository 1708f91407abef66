import { displayWidth } from '@x/cli-kit';
import { describe, expect, it } from 'vitest';
import { barOf, renderBarChart } from './bar-chart.js';

describe('renderBarChart', () => {
  it('draws eighth blocks', () => {
    expect(barOf(0)).toBe('');
    expect(barOf(2.5)).toBe('██▌');
    expect(barOf(1.99)).toBe('██');
  });

  it('scales the largest bar to the width and shows small non-zero values', () => {
    const text = renderBarChart(
      [
        { label: '12:00', value: 100 },
        { label: '12:05', value: 50 },
        { label: '12:10', value: 0 },
        { label: '12:15', value: 1 },
        { label: '12:20', value: 0.1 },
      ],
      40,
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    // 40 cells: label 5 + 2 + bar 28 + 2 + count 3.
    expect(lines[0]).toMatch(/^12:00 {2}█{28} {2}100$/);
    expect(lines[1]).toMatch(/^12:05 {2}█{14} {14} {3}50$/);
    expect(lines[2]).toMatch(/^12:10 {2} {28} {4}0$/);
    expect(lines[3]).toMatch(/^12:15 {2}▎ {27} {4}1$/);
    expect(lines[4]).toMatch(/^12:20 {2}▏ {27} {4}0$/);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(renderBarChart([], 40)).toBe('');
  });
});
