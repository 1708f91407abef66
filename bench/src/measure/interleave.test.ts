import { describe, expect, it } from 'vitest';
import { batchCount, pairedRatio, rotation, runBatch, runRounds, summarize, type BatchSample, type RoundsPlan } from './interleave.ts';

function sample(count: number, wallMs: number, cpuMicros = 0): BatchSample {
  return { count, wallMs, cpuMicros, latenciesMs: Float64Array.from({ length: count }, (_unused, index) => index + 1) };
}

const plan: RoundsPlan = { rounds: 3, batchMs: 500, minCount: 4, maxCount: 1000, concurrency: 4, warmup: 8 };

describe('rotation', () => {
  it('starts each round one line later, so every line runs in every position', () => {
    const lines = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map((round) => rotation(lines, round).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
    expect(rotation([], 5)).toEqual([]);
  });
});

describe('batchCount', () => {
  it('sizes a batch to last about batchMs at the warm-up rate, in whole waves of the concurrency', () => {
    // 100 calls/s × 0.5 s = 50 calls, rounded up to a multiple of 4.
    expect(batchCount(plan, sample(10, 100))).toBe(52);
  });

  it('keeps within the bounds', () => {
    expect(batchCount(plan, sample(1, 10_000))).toBe(4);
    expect(batchCount(plan, sample(10_000, 1))).toBe(1000);
  });
});

describe('pairedRatio', () => {
  it('is the median of the per-round ratios', () => {
    const line = [sample(10, 100), sample(10, 200), sample(10, 100)];
    const base = [sample(10, 50), sample(10, 50), sample(10, 25)];
    // Rounds: 0.5, 0.25, 0.25.
    expect(pairedRatio(line, base)).toBe(0.25);
  });
});

describe('summarize', () => {
  it('takes medians over rounds and percentiles over every call', () => {
    const summary = summarize([sample(4, 1000, 4000), sample(4, 500, 8000), sample(4, 2000, 400)]);
    expect(summary.requestsPerSecond).toBe(4);
    expect(summary.requestsPerSecondRange).toEqual([2, 8]);
    expect(summary.cpuMicrosPerRequest).toBe(1000);
    expect(summary.p50Ms).toBe(2.5);
    expect(summary.requests).toBe(12);
    expect(summary.batchCount).toBe(4);
  });
});

describe('runBatch and runRounds', () => {
  it('makes exactly count calls with at most concurrency in flight', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const result = await runBatch(
      async () => {
        calls += 1;
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
      },
      10,
      3,
    );
    expect(calls).toBe(10);
    expect(most).toBe(3);
    expect(result.latenciesMs).toHaveLength(10);
    expect(result.latenciesMs.every((latency) => latency > 0)).toBe(true);
  });

  it('runs every contender once per round, rotating the order', async () => {
    const order: string[] = [];
    const contender = (id: string) => ({
      id,
      call: async () => {
        order.push(id);
        await Promise.resolve();
      },
    });
    const samples = await runRounds([contender('a'), contender('b')], { rounds: 2, batchMs: 1, minCount: 1, maxCount: 1, concurrency: 1, warmup: 1 });
    // Warm-up a, b; round 0: a, b; round 1: b, a.
    expect(order.join('')).toBe('ababba');
    expect(samples.get('a')).toHaveLength(2);
  });
});
