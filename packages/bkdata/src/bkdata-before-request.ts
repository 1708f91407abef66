import { addAppInfo, addEsbInfo } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import { ValidationError } from '@x/errors';
import * as z from 'zod';
import { mergeExtra } from './bkdata-input.js';
import { DATA_TOKEN_ENV_VARIABLE } from './bkdata-settings.js';

/** The header BKData reads the calling app from; `addAppInfo` puts it in params, the core moves it. */
export const BKDATA_HEADER_KEYS = ['X-Bk-App-Code'] as const;

/**
 * Fields every BKData call may carry. The SDK fills them (user from the context or the client,
 * app code, `bkdata_authentication_method: 'user'`); give them only to override.
 */
export const bkdataCommonShape = {
  /** The user BKData acts for; defaults to the context user, else the client's `username`. */
  bk_username: z.string().min(1).optional(),
  /** The operator recorded by BKData; defaults to `bk_username`. */
  operator: z.string().min(1).optional(),
  /** `user` (default) or `token` (then `bkdata_data_token` is needed). */
  bkdata_authentication_method: z.enum(['user', 'token']).optional(),
} as const;

/** A business id: BKData accepts numbers and numeric strings. */
export const bkBizIdSchema = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer')]);

/** A numeric id in a URL path (raw data id). */
export const rawDataIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'must be a non-negative integer')]);

/**
 * bklog's `add_esb_info_before_request_for_bkdata_user`: `bk_username` and `operator` (context
 * user, else the client's), `bk_app_code` and the `X-Bk-App-Code` header, and
 * `bkdata_authentication_method` (default `user`). Caller-given values win. The call's `extra`
 * (wire fields the SDK does not model) is merged in beside the modelled fields first.
 */
export function addBkdataUserInfo(params: WireParams, context: BeforeRequestContext): WireParams {
  const withInfo: WireParams = addAppInfo(addEsbInfo(mergeExtra(params), context), context);
  const method = withInfo.bkdata_authentication_method;
  return { ...withInfo, bkdata_authentication_method: typeof method === 'string' && method !== '' ? method : 'user' };
}

function readDataTokenFromEnvironment(): string | undefined {
  const value = process.env[DATA_TOKEN_ENV_VARIABLE]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * bklog's `add_esb_info_before_request_for_bkdata_token`: the user info above, and in `token`
 * mode a `bkdata_data_token` from the params, else env `BKAPP_BKDATA_DATA_TOKEN`. A token mode
 * without a token is a ValidationError before anything is sent; the token itself never appears
 * in an error.
 */
export function addBkdataTokenInfo(params: WireParams, context: BeforeRequestContext): WireParams {
  const withInfo = addBkdataUserInfo(params, context);
  if (withInfo.bkdata_authentication_method !== 'token') return withInfo;
  const given = withInfo.bkdata_data_token;
  const token = typeof given === 'string' && given.trim() !== '' ? given : readDataTokenFromEnvironment();
  if (token === undefined) {
    throw new ValidationError({
      direction: 'input',
      module: 'bkdata',
      endpoint: 'query_sync',
      issues: [
        {
          path: ['bkdata_data_token'],
          message: `is required with bkdata_authentication_method "token": pass it, set dataToken in the settings, or set ${DATA_TOKEN_ENV_VARIABLE}`,
          code: 'missing_data_token',
        },
      ],
    });
  }
  return { ...withInfo, bkdata_data_token: token };
}
