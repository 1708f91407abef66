import type { Envelope } from '@x/core-client';
import { ApiResultError } from '@x/errors';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `after` hook of the app-chat endpoints. The gateway normally wraps WeCom's answer in a
 * BlueKing envelope whose `data` is WeCom's body (`{errcode, errmsg, chatid}`); a deployment that
 * forwards WeCom's raw body instead gives an envelope without `data` (the core has already failed
 * it when `errcode` is non-zero). Either way the WeCom body becomes `data`, and a non-zero
 * `errcode` inside a successful envelope is an ApiResultError carrying WeCom's errcode and errmsg.
 */
export function weworkBodyAfter(endpoint: string): (envelope: Envelope) => Envelope {
  return (envelope) => {
    let data = envelope.data;
    if ((data === null || data === undefined) && typeof envelope.errcode === 'number') {
      // A raw WeCom body: its fields sit at the top level next to the injected `result`.
      const { result: _result, data: _data, ...wecom } = envelope;
      data = wecom;
    }
    if (isRecord(data) && typeof data.errcode === 'number' && data.errcode !== 0) {
      throw new ApiResultError({
        code: data.errcode,
        message: typeof data.errmsg === 'string' && data.errmsg !== '' ? data.errmsg : undefined,
        data: { errcode: data.errcode, errmsg: data.errmsg },
        requestId: typeof envelope.request_id === 'string' ? envelope.request_id : undefined,
        module: 'wework',
        endpoint,
      });
    }
    return { ...envelope, data };
  };
}
