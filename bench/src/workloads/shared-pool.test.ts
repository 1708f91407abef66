import { describe, expect, it } from 'vitest';
import { poolsHeld, relayCall, relayServerCounts } from './relay-mix.ts';
import { countsSince, expectedRequests, modeOrder, sharedPoolTable, summarizeMode, type SharedPoolRun } from './shared-pool.ts';

function run(connections: number, wallMs: number, cpuMs: number, peakRssBytes: number): SharedPoolRun {
  return {
    type: 'shared-pool',
    mode: 'shared',
    calls: 300,
    wallMs,
    cpuMs,
    startRssBytes: 50e6,
    peakRssBytes,
    endRssBytes: peakRssBytes - 1e6,
    openRobots: 16,
    server: { cmsiRequests: 100, appchatRequests: 100, robotRequests: 100, connections },
  };
}

describe('the relay mix', () => {
  it('sends a mail, an app-chat text and a robot post in turn, the robots going round the webhooks', () => {
    expect(Array.from({ length: 9 }, (_unused, index) => relayCall(index, 2))).toEqual([
      { kind: 'cmsi-mail' },
      { kind: 'wework-appchat' },
      { kind: 'wework-robot', webhook: 0 },
      { kind: 'cmsi-mail' },
      { kind: 'wework-appchat' },
      { kind: 'wework-robot', webhook: 1 },
      { kind: 'cmsi-mail' },
      { kind: 'wework-appchat' },
      { kind: 'wework-robot', webhook: 0 },
    ]);
    expect(expectedRequests(3000, 16)).toEqual({ cmsiRequests: 1000, appchatRequests: 1000, robotRequests: 1000 });
    expect(expectedRequests(4, 16)).toEqual({ cmsiRequests: 2, appchatRequests: 1, robotRequests: 1 });
  });

  it('holds one pool shared, three by default, and one more per webhook with a robot client each', () => {
    expect([poolsHeld('shared', 16), poolsHeld('separate', 16), poolsHeld('per-robot', 16)]).toEqual([1, 3, 18]);
  });

  it('rotates the modes each round', () => {
    expect([0, 1, 2, 3].map(modeOrder)).toEqual([
      ['shared', 'separate', 'per-robot'],
      ['separate', 'per-robot', 'shared'],
      ['per-robot', 'shared', 'separate'],
      ['shared', 'separate', 'per-robot'],
    ]);
  });
});

describe('the server counts of a run', () => {
  it('are the difference of the counts after and before it, read for the mode line', () => {
    const before = { connections: 5, 'connections/relay-shared': 2, 'small/relay-shared': 10 };
    const after = {
      connections: 9,
      'connections/relay-shared': 6,
      'small/relay-shared': 110,
      'wework/relay-shared': 100,
      'robot/relay-shared': 100,
      'connections/relay-separate': 3,
    };
    const delta = countsSince(before, after);
    expect(delta).toEqual({
      connections: 4,
      'connections/relay-shared': 4,
      'small/relay-shared': 100,
      'wework/relay-shared': 100,
      'robot/relay-shared': 100,
      'connections/relay-separate': 3,
    });
    expect(relayServerCounts(delta, 'shared')).toEqual({ cmsiRequests: 100, appchatRequests: 100, robotRequests: 100, connections: 4 });
    expect(relayServerCounts(delta, 'per-robot')).toEqual({ cmsiRequests: 0, appchatRequests: 0, robotRequests: 0, connections: 0 });
  });
});

describe('the summary', () => {
  it('takes medians over the runs and shows one row per mode and concurrency', () => {
    const summary = summarizeMode('shared', 4, 16, [run(8, 1000, 600, 100e6), run(6, 2000, 900, 120e6), run(7, 1500, 750, 110e6)]);
    expect(summary).toMatchObject({
      mode: 'shared',
      concurrency: 4,
      pools: 1,
      medianConnections: 7,
      medianCallsPerSecond: 200,
      medianCpuMicrosPerCall: 2500,
      medianPeakRssBytes: 110e6,
      medianEndRssBytes: 109e6,
    });
    const table = sharedPoolTable({ calls: 300, concurrencies: [4], webhooks: 16, modes: [summary] });
    expect(table.rows).toEqual([['4', '1', 'one `dispatcher` for CMSI, WeWork and its robots', '7', '200', '2,500', '110.0 MB', '109.0 MB', '16']]);
  });
});
