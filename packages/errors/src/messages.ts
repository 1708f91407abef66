import type { ErrorName } from './error-codes.js';

/** A language the message catalogues are written in. */
export type ErrorLanguage = 'zh' | 'en';

type Catalogue = Record<ErrorName, string>;

const chinese: Catalogue = {
  BkError: '系统异常',
  ApiError: '系统异常',
  ValidationError: '参数验证失败',
  ApiResultError: '远程服务请求结果异常',
  ComponentCallError: '组件调用异常',
  BizNotExistError: '业务不存在: {bk_biz_id}',
  LanguageNotSupportedError: '语言不支持',
  LockError: '获取锁失败',
  ApiRequestError: '服务不稳定，请检查组件健康状况',
  RetryError: '重试后请求仍然失败',
  PermissionError: '权限不足',
  UnknownLuceneOperatorError: '非法的lucene语法',
  GrepParseError: 'grep语法解析失败: {reason}',
  CreateOrUpdateLogRouterError: '创建或更新路由失败: {reason}',
  TenantIdIsNoneError: '请求头 X-Bk-Tenant-Id 为空',
  TenantIdNotMatchError: '您当前的企业空间是【{bk_tenant_id}】，无法访问该链接，请您尝试返回登录页面切换其他企业空间访问。',
  UserNotExistsError: '用户不存在: {username}',
};

const english: Catalogue = {
  BkError: 'System error',
  ApiError: 'System error',
  ValidationError: 'Parameter validation failed',
  ApiResultError: 'The remote service returned a failed result',
  ComponentCallError: 'Component call failed',
  BizNotExistError: 'Business does not exist: {bk_biz_id}',
  LanguageNotSupportedError: 'Language not supported',
  LockError: 'Failed to acquire the lock',
  ApiRequestError: 'The service is unstable, please check the health of the component',
  RetryError: 'The request still failed after retrying',
  PermissionError: 'Permission denied',
  UnknownLuceneOperatorError: 'Invalid Lucene syntax',
  GrepParseError: 'Failed to parse the grep syntax: {reason}',
  CreateOrUpdateLogRouterError: 'Failed to create or update the log route: {reason}',
  TenantIdIsNoneError: 'The X-Bk-Tenant-Id request header is empty',
  TenantIdNotMatchError: 'Your current tenant is [{bk_tenant_id}] and cannot open this link; go back to the login page and switch tenants.',
  UserNotExistsError: 'User does not exist: {username}',
};

const catalogues: Record<ErrorLanguage, Catalogue> = { zh: chinese, en: english };

let defaultLanguage: ErrorLanguage = 'en';

/**
 * Maps a BlueKing language code (`zh-hans`, `zh-cn`, `en`, `en-US`...) onto a catalogue language.
 * Returns `undefined` for a language no catalogue covers.
 */
export function normalizeErrorLanguage(language: string): ErrorLanguage | undefined {
  const lower = language.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return undefined;
}

/**
 * Sets the language of default error messages for the whole process.
 * @default 'en'
 * @example setDefaultErrorLanguage('zh-hans');
 */
export function setDefaultErrorLanguage(language: string): void {
  const normalized = normalizeErrorLanguage(language);
  if (normalized === undefined) {
    throw new RangeError(`Unsupported error language "${language}": use "zh" (zh-hans, zh-cn) or "en".`);
  }
  defaultLanguage = normalized;
}

/** The language default error messages are written in. */
export function getDefaultErrorLanguage(): ErrorLanguage {
  return defaultLanguage;
}

/** The catalogue message of an error class, in the given or default language. */
export function catalogueMessage(name: ErrorName, language: string | undefined): string {
  const resolved = (language === undefined ? undefined : normalizeErrorLanguage(language)) ?? defaultLanguage;
  return catalogues[resolved][name];
}

/**
 * Fills `{name}` placeholders from `data`. A placeholder with no value stays visible as it is,
 * so a missing field shows in the message instead of crashing the error path.
 */
export function formatMessage(template: string, data: Readonly<Record<string, unknown>> | undefined): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (placeholder, key: string) => {
    if (data === undefined || !Object.hasOwn(data, key)) return placeholder;
    const value = data[key];
    if (value === undefined || value === null) return placeholder;
    switch (typeof value) {
      case 'string':
        return value;
      case 'number':
      case 'boolean':
      case 'bigint':
        return value.toString();
      case 'object':
        return JSON.stringify(value);
      default:
        // Functions and symbols have no useful text.
        return placeholder;
    }
  });
}
