import { expect, it, vi } from 'vitest';

// Any module of this file's import graph that loads zod fails the import (issue #20: a cold import
// under 40 ms; zod and the schemas are most of it). The endpoints load with a client's first call.
vi.mock('zod', () => {
  throw new Error('zod was loaded by importing @x/unify-query');
});

it('importing @x/unify-query, creating a client and building a query load no zod', async () => {
  const { buildQuery, createUnifyQuery } = await import('./index.js');
  const unifyQuery = createUnifyQuery({ baseUrl: 'http://127.0.0.1:9/' });
  expect(buildQuery({ indexSetIds: [42], bkBizId: 2, start: 0, end: 60_000 }).query_list).toHaveLength(1);
  await unifyQuery.close();
});
