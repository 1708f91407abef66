import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type { BkdataCleanDebugOperator, BkdataDebugCleanParams, BkdataDebugCleanResult } from './bkdata-clean-debug-endpoints.js';

/**
 * The params of a one-rule clean debug, as bklog builds them.
 * @example buildCleanDebugParams('a|b|c', { type: 'split_str', delimiter: '|' })
 */
export function buildCleanDebugParams(input: string, operator: BkdataCleanDebugOperator): BkdataDebugCleanParams {
  return { input, rules: [{ input_id: '__raw_data', output_id: 'bk_separator_object', operator }], filter_rules: [] };
}

const cleanDebugEndpoints = lazyImport(async () => (await import('./bkdata-clean-debug-endpoints.js')).bkdataCleanDebugEndpoints);

/** BKData clean debug (v4). */
export interface BkdataDatabusCleanDebug {
  /**
   * Runs clean rules over one raw log text (`input_id`/`output_id` default to bklog's
   * `__raw_data`/`bk_separator_object`, `filter_rules` to `[]`).
   * @example
   * const { rules_output } = await bkdata.databus.debugClean({
   *   input: '{"level":"error"}',
   *   rules: [{ operator: { type: 'json_de' } }],
   * });
   */
  readonly debugClean: (params: BkdataDebugCleanParams, options?: CallOptions) => Promise<BkdataDebugCleanResult>;
}

/** The clean-debug method bound to a core client. */
export function bindBkdataCleanDebug(client: BkClient): BkdataDatabusCleanDebug {
  return { debugClean: async (params, options) => client.call((await cleanDebugEndpoints()).debugClean, params, options) };
}
