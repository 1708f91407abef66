import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './parse-envelope.js';

describe('parseEnvelope', () => {
  it.each([0, '0', '00', null, undefined, ''])('treats code %j as success', (code) => {
    expect(parseEnvelope({ result: true, code, data: 1 }, 'standard').failure).toBeUndefined();
  });

  it.each([1, '1', 40001, 'E100'])('treats code %j as a failure', (code) => {
    expect(parseEnvelope({ code, message: 'm', data: null }, 'standard').failure).toMatchObject({ code, message: 'm' });
  });

  // Tencent/bk-base answers every success as `{result: true, code: "1500200", message: "ok"}`
  // (its `ResultCodeEnum`); bklog's DataAPI checks `result` alone, so `code` is information.
  it.each(['1500200', 1500200, 'E100', 40001])('lets result true decide over code %j', (code) => {
    expect(parseEnvelope({ result: true, code, message: 'ok', data: 1 }, 'standard')).toEqual({
      envelope: { result: true, code, message: 'ok', data: 1 },
      failure: undefined,
    });
  });

  it('injects result true into JSON without result, and keeps the other fields', () => {
    expect(parseEnvelope({ code: 0, data: [1], request_id: 'r', permission: { a: 1 } }, 'standard')).toEqual({
      envelope: { result: true, code: 0, data: [1], request_id: 'r', permission: { a: 1 } },
      failure: undefined,
    });
  });

  it('fails on result false whatever the code, and on a WeCom errcode', () => {
    expect(parseEnvelope({ result: false, code: 0, message: 'no', errors: ['e'], request_id: 'r1' }, 'standard').failure).toEqual({
      code: 0,
      message: 'no',
      errors: ['e'],
      requestId: 'r1',
    });
    expect(parseEnvelope({ errcode: 40014, errmsg: 'invalid access_token' }, 'none').failure).toMatchObject({ code: 40014, message: 'invalid access_token' });
    expect(parseEnvelope({ errcode: 0, errmsg: 'ok' }, 'none').failure).toBeUndefined();
  });

  it('wraps the whole body with envelope none and leaves its code field alone', () => {
    expect(parseEnvelope({ series: [], code: 5 }, 'none')).toEqual({
      envelope: { result: true, code: 0, message: '', data: { series: [], code: 5 } },
      failure: undefined,
    });
  });

  it('treats a non-object body as data', () => {
    expect(parseEnvelope([1, 2], 'standard').envelope).toEqual({ result: true, code: 0, message: '', data: [1, 2] });
    expect(parseEnvelope(null, 'none').envelope.data).toBeNull();
  });
});
