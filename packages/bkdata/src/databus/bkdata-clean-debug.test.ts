import { runWithContext } from '@x/core-client';
import { ApiResultError, ValidationError } from '@x/errors';
import { onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';
import { buildCleanDebugParams } from './bkdata-clean-debug.js';
import { cleanDebugOperatorSchema } from './bkdata-clean-debug-endpoints.js';
import type { BkdataDebugCleanParams } from './bkdata-clean-debug-endpoints.js';

const getSandbox = useSandbox({ recordCount: 3000 });

describe('clean debug operators', () => {
  it('are a discriminated union with split_str max_parts defaulting to null', () => {
    expect(cleanDebugOperatorSchema.parse({ type: 'split_str', delimiter: '|' })).toEqual({ type: 'split_str', delimiter: '|', max_parts: null });
    expect(cleanDebugOperatorSchema.safeParse({ type: 'regex' }).success).toBe(false);
    expect(cleanDebugOperatorSchema.safeParse({ type: 'csv' }).success).toBe(false);
  });

  it('buildCleanDebugParams builds bklog one-rule body', () => {
    expect(buildCleanDebugParams('x', { type: 'json_de' })).toEqual({
      input: 'x',
      rules: [{ input_id: '__raw_data', output_id: 'bk_separator_object', operator: { type: 'json_de' } }],
      filter_rules: [],
    });
  });
});

describe('bkdata.databus.debugClean', () => {
  it('POSTs to the v4 root with the system tenant, whatever the context says', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant: () => 'never-used', tenantId: 'client-tenant' }));
    const result = await runWithContext({ tenantId: 'context-tenant' }, () =>
      bkdata.databus.debugClean({ input: '{"level":"error","n":1}', rules: [{ operator: { type: 'json_de' } }] }),
    );
    expect(result.rules_output[0]?.value).toEqual({ level: 'error', n: 1 });
    expect(result.rules_output[0]?.key_index).toEqual([
      { type: 'key', value: 'level' },
      { type: 'key', value: 'n' },
    ]);
    const call = onlyCall(sandbox, 'clean_debug');
    expect(call.path).toBe('/api/bk-base/prod/v4/databus/clean/debug/');
    expect(call.tenantId).toBe('system');
    expect(call.body).toEqual({
      input: '{"level":"error","n":1}',
      rules: [{ input_id: '__raw_data', output_id: 'bk_separator_object', operator: { type: 'json_de' } }],
      filter_rules: [],
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    await bkdata.close();
  });

  it.each<[string, BkdataDebugCleanParams, unknown]>([
    ['split_str', buildCleanDebugParams('a|b|c', { type: 'split_str', delimiter: '|' }), ['a', 'b', 'c']],
    [
      'regex',
      buildCleanDebugParams('GET /orders 200', { type: 'regex', regex: '(?P<method>\\w+) (?P<path>\\S+) (?P<status>\\d+)' }),
      { method: 'GET', path: '/orders', status: '200' },
    ],
  ])('runs %s', async (_name, params, value) => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const result = await bkdata.databus.debugClean(params);
    expect(result.rules_output[0]?.value).toEqual(value);
    await bkdata.close();
  });

  it('uses the literal prod v4 root in legacy mode', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { gatewayMode: 'legacy', stage: 'stag' }));
    await bkdata.databus.debugClean(buildCleanDebugParams('{}', { type: 'json_de' }));
    expect(onlyCall(sandbox, 'clean_debug').path).toBe('/api/bk-base/prod/v4/databus/clean/debug/');
    await bkdata.close();
  });

  it('refuses an unknown operator before sending and reports a failing rule as ApiResultError', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const invalid = await bkdata.databus
      .debugClean({ input: 'x', rules: [{ operator: { type: 'csv' } as unknown as { type: 'json_de' } }] })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(invalid) && invalid.fields).toEqual(['rules[0].operator.type']);
    expect(sandbox.calls).toHaveLength(0);
    const failed = await bkdata.databus.debugClean(buildCleanDebugParams('not json', { type: 'json_de' })).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(failed) && failed.code).toBe('1570001');
    await bkdata.close();
  });
});
