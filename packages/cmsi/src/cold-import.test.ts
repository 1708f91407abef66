import { expect, it, vi } from 'vitest';

// Any module of this file's import graph that loads zod fails the import.
vi.mock('zod', () => {
  throw new Error('zod was loaded by importing @x/cmsi');
});

it('importing @x/cmsi builds no zod schema and loads no zod: the endpoints load at the first call', async () => {
  const root = await import('./index.js');
  expect(typeof root.createCmsi).toBe('function');
});
