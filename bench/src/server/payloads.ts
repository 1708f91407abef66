// The response bodies of the loopback server. Built once, so serving costs the server little and
// every client line reads byte-for-byte the same answer.

/** One CMSI message type, as `get_msg_type/` answers (real CMSI items also carry a base64 icon). */
export interface MessageType {
  readonly type: string;
  readonly label: string;
  readonly is_active: boolean;
  readonly icon?: string;
}

/** One record of the paginated list endpoint (a CMDB-like host). */
export interface HostRecord {
  readonly bk_host_id: number;
  readonly bk_host_innerip: string;
  readonly bk_cloud_id: number;
  readonly bk_host_name: string;
  readonly bk_os_type: string;
  readonly operator: string;
}

/** Wraps data in BlueKing's standard envelope. */
export function envelopeText(data: unknown): string {
  return JSON.stringify({ result: true, code: 0, message: 'OK', data, request_id: '0b6a1a4c0d9e4c52a3c1d2e3f4a5b6c7' });
}

/** WeCom's answer to a sent message (app chat or group robot): https://developer.work.weixin.qq.com/document/path/91770 */
export function wecomAnswer(): { readonly errcode: number; readonly errmsg: string } {
  return { errcode: 0, errmsg: 'ok' };
}

/** ~200 B of data: the four message types bklog's `get_msg_type` view documents. */
export function smallMessageTypes(): MessageType[] {
  return [
    { type: 'weixin', label: 'WeChat', is_active: true },
    { type: 'mail', label: 'Mail', is_active: true },
    { type: 'sms', label: 'SMS', is_active: true },
    { type: 'voice', label: 'Voice', is_active: false },
  ];
}

const iconAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A deterministic base64-looking icon of `length` characters. */
function icon(seed: number, length: number): string {
  let text = '';
  let state = seed * 2654435761;
  for (let index = 0; index < length; index += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    text += iconAlphabet[state % 64] ?? 'A';
  }
  return text;
}

/** ~1 MB of data: 5,000 message types with short icons, i.e. many small objects to parse and check. */
export function largeMessageTypes(count = 5000): MessageType[] {
  const kinds = ['weixin', 'mail', 'sms', 'voice', 'wecom_robot'] as const;
  return Array.from({ length: count }, (_unused, index) => ({
    type: `${kinds[index % kinds.length] ?? 'mail'}_${index}`,
    label: `Channel ${index}`,
    is_active: index % 7 !== 0,
    icon: icon(index + 1, 140),
  }));
}

/** The JSON of records `[start, end)` of the list endpoint, written without an intermediate array. */
export function hostRecordsJson(start: number, end: number): string {
  const parts: string[] = [];
  for (let id = start; id < end; id += 1) {
    parts.push(
      `{"bk_host_id":${id + 1},"bk_host_innerip":"10.${(id >>> 16) & 255}.${(id >>> 8) & 255}.${id & 255}","bk_cloud_id":0,"bk_host_name":"host-${id + 1}","bk_os_type":"1","operator":"admin"}`,
    );
  }
  return `[${parts.join(',')}]`;
}

/** A page of the list endpoint in the standard envelope: `{count, info}`. */
export function hostPageText(total: number, start: number, limit: number): string {
  const from = Math.min(Math.max(0, start), total);
  const to = Math.min(total, from + Math.max(0, limit));
  return `{"result":true,"code":0,"message":"OK","data":{"count":${total},"info":${hostRecordsJson(from, to)}},"request_id":"0b6a1a4c0d9e4c52a3c1d2e3f4a5b6c7"}`;
}
