import { ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from './define-endpoint.js';
import { parseWithSchema, validateInput, validateOutput } from './validate-params.js';

describe('schema parsing', () => {
  it('parses a synchronous schema synchronously, with the async parse’s result', async () => {
    const schema = z.object({ at: z.string().transform((value) => new Date(value)), n: z.number().min(1) });
    const good = await parseWithSchema(schema, { at: '2024-01-02T03:04:05.000Z', n: 2 });
    expect(good).toEqual(await schema.safeParseAsync({ at: '2024-01-02T03:04:05.000Z', n: 2 }));
    const bad = await parseWithSchema(schema, { at: 'x', n: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues).toEqual((await schema.safeParseAsync({ at: 'x', n: 0 })).error?.issues);
  });

  it('parses a schema with async refinements and transforms asynchronously, every time', async () => {
    let refinements = 0;
    const schema = z.object({
      name: z.string().refine(async (value) => {
        refinements += 1;
        await Promise.resolve();
        return value !== 'taken';
      }, 'is taken'),
      id: z.number().transform(async (value) => String(value)),
    });
    for (let round = 0; round < 3; round += 1) {
      expect(await parseWithSchema(schema, { name: 'free', id: 7 })).toEqual({ success: true, data: { name: 'free', id: '7' } });
      const taken = await parseWithSchema(schema, { name: 'taken', id: 1 });
      expect(taken.error?.issues[0]?.message).toBe('is taken');
    }
    // Only the first synchronous attempt met the promise, before any refinement ran to its end.
    expect(refinements).toBeGreaterThanOrEqual(6);
    expect(refinements).toBeLessThanOrEqual(7);
  });

  it('lets errors other than zod’s async one through', async () => {
    const schema = z.string().transform(() => {
      throw new RangeError('transform failed');
    });
    await expect(parseWithSchema(schema, 'x')).rejects.toThrow('transform failed');
  });

  it('validates endpoint input and output with async schemas', async () => {
    const endpoint = defineEndpoint({
      module: 'm',
      name: 'n',
      method: 'POST',
      path: 'p/',
      input: z.object({ q: z.string().refine(async (value) => value.length > 1, 'too short') }),
      output: z.object({ ok: z.boolean().refine(async (value) => value, 'not ok') }),
    });
    expect(await validateInput(endpoint, { q: 'ab' }, [])).toEqual({ q: 'ab' });
    await expect(validateInput(endpoint, { q: 'a' }, [])).rejects.toBeInstanceOf(ValidationError);
    expect(await validateOutput(endpoint, { result: true, code: 0, message: '', data: { ok: true } }, [], 'r')).toMatchObject({ data: { ok: true } });
    await expect(validateOutput(endpoint, { result: true, code: 0, message: '', data: { ok: false } }, [], 'r')).rejects.toBeInstanceOf(ValidationError);
  });
});
