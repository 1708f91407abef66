import { expect, it, vi } from 'vitest';

// Any module of this file's import graph that loads zod fails the import (issue #20: a cold import
// under 40 ms; zod and the schemas are most of it). The endpoints load with a client's first call.
vi.mock('zod', () => {
  throw new Error('zod was loaded by importing @x/bkdata');
});

it('importing @x/bkdata or a group entry loads no zod and builds no schema', async () => {
  const entries = await Promise.all([import('./index.js'), import('./access/index.js'), import('./query/index.js'), import('./databus/index.js')]);
  expect(entries.map((entry) => Object.keys(entry).find((name) => name.startsWith('create')))).toEqual([
    'createBkdata',
    'createBkdataAccess',
    'createBkdataQuery',
    'createBkdataDatabus',
  ]);
});

it('creating a client loads nothing either', async () => {
  const { createBkdata } = await import('./index.js');
  const bkdata = createBkdata({ apiHost: 'http://127.0.0.1:9' });
  expect(Object.keys(bkdata)).toEqual(['access', 'query', 'databus', 'client', 'close']);
  await bkdata.close();
});
