// What the CMSI components accept, as plain values and checks without zod: the root exports them,
// so a caller can check input up front without loading the endpoint schemas.

/** The channels `send_msg/` sends through: the component's `msg_type_map` (legacy-bk-paas `toolkit/configs.py`). */
export const CMSI_MSG_TYPES = ['mail', 'weixin', 'sms', 'voice'] as const;

/** A `msg_type` of `send_msg/`. */
export type CmsiMsgTypeName = (typeof CMSI_MSG_TYPES)[number];

/** The `type` keywords the mail component attaches as an (inline) image. */
export const CMSI_IMAGE_TYPES: readonly string[] = Object.freeze(['image', 'jpg', 'png', 'jpeg']);

const emailPattern = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;
const phonePattern = /^\d{5,20}$/;
// A Chinese mobile number (11 digits from 1) behind the country code 86.
const chinaPrefixedMobilePattern = /^861\d{10}$/;

/** Whether `value` looks like an e-mail address. */
export function isEmailAddress(value: string): boolean {
  return emailPattern.test(value);
}

/**
 * Whether `value` is a phone number the CMSI components send: 5–20 digits and nothing else, and
 * no country prefix. The components accept digits only (`toolkit/tools.py` `valid_phone`:
 * `str(phone).isdigit()`; on legacy-bk-paas 2.14.69 `send_sms` crashes on `+8613800000000`) and
 * add China's country code 86 to every number themselves (`group_by_nation_code`), so `0086…`
 * and `86` + an 11-digit mobile number would be dialled with the prefix twice.
 * @example isPhoneNumber('13800000000') // true
 * @example isPhoneNumber('+8613800000000') // false
 */
export function isPhoneNumber(value: string): boolean {
  return phonePattern.test(value) && !value.startsWith('00') && !chinaPrefixedMobilePattern.test(value);
}

/** Why a phone number is refused, for the ValidationError. */
export const PHONE_NUMBER_RULE = 'a phone number CMSI sends: digits only, without + or a country prefix (CMSI adds 86), 5-20 digits, e.g. 13800000000';
