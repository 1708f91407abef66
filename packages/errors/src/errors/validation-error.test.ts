import { describe, expect, it } from 'vitest';
import { ValidationError } from './validation-error.js';

describe('ValidationError', () => {
  it('names each field and problem in its message', () => {
    const error = new ValidationError({
      issues: [
        { path: ['receivers'], message: 'at least one receiver is required', code: 'too_small' },
        { path: ['query_list', 0, 'table_id'], message: 'Required' },
      ],
      module: 'cmsi',
      endpoint: 'send_mail',
    });
    expect(error.code).toBe('3600001');
    expect(error.message).toBe(
      'Parameter validation failed (cmsi.send_mail input): receivers: at least one receiver is required; query_list[0].table_id: Required',
    );
    expect(error.fields).toEqual(['receivers', 'query_list[0].table_id']);
    expect(error.direction).toBe('input');
    expect(error.stack?.split('\n')[0]).toBe(`ValidationError: ${error.message}`);
    expect(error.toJSON()).toMatchObject({ direction: 'input', fields: ['receivers', 'query_list[0].table_id'] });
  });

  it('says when an output did not fit', () => {
    const error = new ValidationError({
      issues: [{ path: ['chatid'], message: 'Expected string' }],
      direction: 'output',
      endpoint: 'create_appchat',
      language: 'zh',
    });
    expect(error.message).toBe('参数验证失败 (create_appchat output): chatid: Expected string');
  });

  it('keeps an explicit message', () => {
    expect(new ValidationError({ message: 'Set BK_APP_SECRET' }).message).toBe('Set BK_APP_SECRET');
  });
});
