/**
 * bklog's error code layout: platform code `36` + a two-digit module code + a three-digit error
 * code, e.g. `3600015` for a failed request. A remote system's own code overrides it.
 */
export const PLATFORM_CODE = '36';

/** Module code of the SDK's own errors (bklog's `BKLOG_WEB_CODE`). */
export const SDK_MODULE_CODE = '00';

/** Builds a full error code such as `3600015`. */
export function buildErrorCode(errorCode: string, moduleCode: string = SDK_MODULE_CODE): string {
  return `${PLATFORM_CODE}${moduleCode}${errorCode}`;
}

/** The three-digit error codes, kept identical to bklog's `apps/exceptions.py`. */
export const ERROR_CODES = {
  BkError: '500',
  ApiError: '500',
  ValidationError: '001',
  ApiResultError: '002',
  ComponentCallError: '003',
  BizNotExistError: '004',
  LanguageNotSupportedError: '005',
  LockError: '006',
  ApiRequestError: '015',
  // Not in bklog (it re-raised the last exception): the next free code of the request family.
  RetryError: '016',
  PermissionError: '403',
  UnknownLuceneOperatorError: '500',
  GrepParseError: '501',
  CreateOrUpdateLogRouterError: '503',
  TenantIdIsNoneError: '550',
  TenantIdNotMatchError: '551',
  UserNotExistsError: '552',
} as const;

/** The name of an error class of this package. */
export type ErrorName = keyof typeof ERROR_CODES;
