import { describe, expect, it } from 'vitest';
import { categorize, location, summarizeProfile, type CpuProfile } from './cpu-profile.ts';

describe('categorize', () => {
  it('names dependencies, our packages and Node internals', () => {
    expect(categorize('file:///w/node_modules/.pnpm/ky@2.1.0/node_modules/ky/distribution/core/Ky.js', 'f')).toBe('ky');
    expect(categorize('file:///w/node_modules/.pnpm/@opentelemetry+api@1.9.0/node_modules/@opentelemetry/api/build/index.js', 'f')).toBe('@opentelemetry/api');
    expect(categorize('file:///w/packages/core-client/dist/client/execute-call.js', 'f')).toBe('@x/core-client');
    expect(categorize('node:internal/deps/undici/undici', 'f')).toBe('undici inside Node (fetch)');
    expect(categorize('node:_http_client', 'f')).toBe('node:http');
    expect(categorize('', '(garbage collector)')).toBe('(garbage collector)');
    expect(categorize('', 'writeLatin1String')).toBe('(native)');
  });

  it('shortens locations to the package path with a 1-based line', () => {
    expect(location('file:///w/node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/schemas.js', 9)).toBe('zod/v4/core/schemas.js:10');
    expect(location('file:///w/packages/errors/dist/redact.js', 0)).toBe('packages/errors/dist/redact.js:1');
  });
});

describe('summarizeProfile', () => {
  // root → run (core) → redact (errors) ; run → (native) write
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
      { id: 2, callFrame: frame('run', 'file:///w/packages/core-client/dist/run.js'), children: [3, 4] },
      { id: 3, callFrame: frame('value', 'file:///w/packages/errors/dist/redact.js') },
      { id: 4, callFrame: frame('writeLatin1String', '') },
      { id: 5, callFrame: frame('(idle)', '') },
    ],
    samples: [3, 3, 3, 4, 2, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
    startTime: 0,
    endTime: 6000,
  };

  it('adds self time per package and per frame, and inclusive time of our functions', () => {
    const summary = summarizeProfile(profile);
    expect(summary.totalMs).toBe(6);
    expect(summary.byPackage.map((share) => [share.name, share.ms])).toEqual([
      ['@x/errors', 3],
      ['(native)', 1],
      ['@x/core-client', 1],
      ['(idle)', 1],
    ]);
    expect(summary.topSelf[0]?.name).toBe('value packages/errors/dist/redact.js:1 [@x/errors]');
    expect(summary.topSelf[0]?.caller).toBe('run packages/core-client/dist/run.js:1');
    expect(summary.topSelf.find((share) => share.name.startsWith('writeLatin1String'))?.caller).toBe('run packages/core-client/dist/run.js:1');
    const run = summary.topInclusiveOwn.find((share) => share.name.startsWith('run '));
    expect(run?.ms).toBe(5);
    expect(run?.percent).toBeCloseTo((5 / 6) * 100, 10);
  });

  it('leaves out samples of the inspector session', () => {
    const withInspector: CpuProfile = {
      ...profile,
      nodes: [...profile.nodes.slice(0, 4), { id: 5, callFrame: frame('post', 'node:inspector') }],
    };
    expect(summarizeProfile(withInspector).totalMs).toBe(5);
  });
});
