import { addEsbInfo, defineEndpoint } from '@x/core-client';
import type { Endpoint } from '@x/core-client';
import * as z from 'zod';
import { unknownFields } from './cmsi-input.js';
import { CMSI_DEFAULT_CACHE_TTL } from './cmsi-settings.js';

/**
 * One channel of `get_msg_type/`. Both ESB editions always send `type`, `label` and `is_active`;
 * only the paas2 one (legacy-bk-paas 2.14.69 `paas2/esb/components/generic/templates/cmsi/get_msg_type.py`)
 * sends `icon`, the community edition (`paas-ce/paas/esb/…/get_msg_type.py` on master) does not.
 * Other fields are dropped, so a new one never fails the call.
 */
export const cmsiMsgTypeSchema = z.object({
  /** The `msg_type` of `send_msg`, e.g. `mail`, `weixin`, `sms`, `voice`. */
  type: z.string(),
  /** The display name. */
  label: z.string(),
  /** A base64 PNG icon. */
  icon: z.string().nullish(),
  /** Whether the channel is enabled. */
  is_active: z.boolean().nullish(),
});

/** A channel CMSI can send through. */
export type CmsiMsgType = z.output<typeof cmsiMsgTypeSchema>;

/**
 * `get_msg_type/` takes no params besides the user fields the SDK fills. Strict: an unknown field
 * is a ValidationError naming it.
 */
export const cmsiGetMsgTypeInputSchema = z.strictObject(
  { bk_username: z.string().optional(), operator: z.string().optional() },
  unknownFields('get_msg_type', 'it takes bk_username and operator only'),
);

const definition = {
  module: 'cmsi',
  name: 'get_msg_type',
  description: 'List the channels CMSI can send through',
  method: 'GET',
  path: 'get_msg_type/',
  input: cmsiGetMsgTypeInputSchema,
  output: z.array(cmsiMsgTypeSchema),
  before: addEsbInfo,
} as const;

/**
 * `get_msg_type/` with results cached `cacheTtl` seconds (`0`: not cached). GET and idempotent,
 * so retried on transient failures.
 */
export function defineCmsiGetMsgTypeEndpoint(cacheTtl: number): Endpoint<z.input<typeof cmsiGetMsgTypeInputSchema>, CmsiMsgType[]> {
  return cacheTtl > 0 ? defineEndpoint({ ...definition, cacheTtl }) : defineEndpoint(definition);
}

/** `get_msg_type/` (GET): the channels CMSI offers, cached five minutes (our cache; bklog does not cache it). */
export const cmsiGetMsgTypeEndpoint = defineCmsiGetMsgTypeEndpoint(CMSI_DEFAULT_CACHE_TTL);
