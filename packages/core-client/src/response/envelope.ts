/**
 * A BlueKing response envelope: ESB's `{result, code, message, data}` or a newer gateway's
 * `{code: 0, message, data}`. Bodies without `result` (unify-query, WeCom) get `result: true`, as
 * bklog injects it; an endpoint with `envelope: 'none'` gets its whole body wrapped as `data`.
 * Other fields of the body (`request_id`, `errors`, `permission`...) are kept.
 */
export interface Envelope<Data = unknown> {
  /** Whether the remote call succeeded. */
  readonly result: boolean;
  /** The remote code, kept for information when `result` is a boolean (BKData's success code is `'1500200'`); without `result`, `0`, `'0'` and `'00'` mean success. */
  readonly code?: string | number | null | undefined;
  /** The remote message. */
  readonly message?: string | null | undefined;
  /** The payload. */
  readonly data: Data;
  /** Field errors some APIs return with a failure. */
  readonly errors?: unknown;
  /** The remote request id, when the body carries one. */
  readonly request_id?: string | undefined;
  /** Any other field of the body. */
  readonly [field: string]: unknown;
}
