import { describe, expect, it } from 'vitest';
import * as errors from '../index.js';

const simpleClasses = [
  ['ApiError', errors.ApiError, '3600500', '系统异常', 'System error'],
  ['ComponentCallError', errors.ComponentCallError, '3600003', '组件调用异常', 'Component call failed'],
  ['BizNotExistError', errors.BizNotExistError, '3600004', '业务不存在: {bk_biz_id}', 'Business does not exist: {bk_biz_id}'],
  ['LanguageNotSupportedError', errors.LanguageNotSupportedError, '3600005', '语言不支持', 'Language not supported'],
  ['LockError', errors.LockError, '3600006', '获取锁失败', 'Failed to acquire the lock'],
  ['PermissionError', errors.PermissionError, '3600403', '权限不足', 'Permission denied'],
  ['UnknownLuceneOperatorError', errors.UnknownLuceneOperatorError, '3600500', '非法的lucene语法', 'Invalid Lucene syntax'],
  ['GrepParseError', errors.GrepParseError, '3600501', 'grep语法解析失败: {reason}', 'Failed to parse the grep syntax: {reason}'],
  [
    'CreateOrUpdateLogRouterError',
    errors.CreateOrUpdateLogRouterError,
    '3600503',
    '创建或更新路由失败: {reason}',
    'Failed to create or update the log route: {reason}',
  ],
  ['TenantIdIsNoneError', errors.TenantIdIsNoneError, '3600550', '请求头 X-Bk-Tenant-Id 为空', 'The X-Bk-Tenant-Id request header is empty'],
  [
    'TenantIdNotMatchError',
    errors.TenantIdNotMatchError,
    '3600551',
    expect.stringContaining('【{bk_tenant_id}】'),
    expect.stringContaining('[{bk_tenant_id}]'),
  ],
  ['UserNotExistsError', errors.UserNotExistsError, '3600552', '用户不存在: {username}', 'User does not exist: {username}'],
] as const;

describe.each(simpleClasses)('%s', (name, ErrorClass, code, chinese, english) => {
  it('has bklog code, name and both catalogue messages', () => {
    const error = new ErrorClass();
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(new ErrorClass({ language: 'zh-hans' }).message).toEqual(chinese);
    expect(new ErrorClass({ language: 'en' }).message).toEqual(english);
  });

  it('is an instance of its parents and recognised by isInstance', () => {
    const error = new ErrorClass();
    expect(error).toBeInstanceOf(errors.BkError);
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(errors.BkError.isInstance(error)).toBe(true);
    expect(ErrorClass.isInstance(new errors.BkError())).toBe(false);
  });

  it('lets a remote code override its own', () => {
    expect(new ErrorClass({ code: '9999' }).code).toBe('9999');
  });
});

describe('placeholders in class messages', () => {
  it('names the business, reason, tenant and user', () => {
    expect(new errors.BizNotExistError({ data: { bk_biz_id: 2 }, language: 'zh' }).message).toBe('业务不存在: 2');
    expect(new errors.GrepParseError({ data: { reason: 'unclosed quote' } }).message).toBe('Failed to parse the grep syntax: unclosed quote');
    expect(new errors.TenantIdNotMatchError({ data: { bk_tenant_id: 'acme' }, language: 'zh' }).message).toContain('【acme】');
    expect(new errors.UserNotExistsError({ data: { username: 'alice' } }).message).toBe('User does not exist: alice');
  });
});

describe('ApiError family', () => {
  it('puts request and result errors under ApiError', () => {
    const requestError = new errors.ApiRequestError({ failure: 'network' });
    const resultError = new errors.ApiResultError({ code: 1306 });
    for (const error of [requestError, resultError]) {
      expect(errors.ApiError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(errors.ApiError);
    }
    expect(errors.ApiResultError.isInstance(requestError)).toBe(false);
    expect(errors.ApiRequestError.isInstance(resultError)).toBe(false);
  });
});
