/**
 * The retry budget of a client (AWS SDK v3's retry quota, standard mode): a token bucket shared by
 * every call of the client. A retry takes tokens; when the bucket is empty a failure is not
 * retried, so an outage cannot multiply the load on the service that is already failing. A call
 * that succeeds gives back what its last retry cost, or one token when it needed none.
 *
 * Defaults are AWS's (`@smithy/util-retry` constants): `INITIAL_RETRY_TOKENS = 500`,
 * `RETRY_COST = 5`, `TIMEOUT_RETRY_COST = 10`, `NO_RETRY_INCREMENT = 1`.
 * @example createClient({ retryBudget: { capacity: 100 } }) // or false: no budget
 */
export interface RetryBudgetSettings {
  /**
   * Tokens in a full bucket (and at the start).
   * @default 500
   */
  readonly capacity?: number | undefined;
  /**
   * Tokens a retry after an HTTP status, a cut answer or a business-result check takes.
   * @default 5
   */
  readonly retryCost?: number | undefined;
  /**
   * Tokens a retry after a timeout or a connection failure takes.
   * @default 10
   */
  readonly timeoutRetryCost?: number | undefined;
  /**
   * Tokens a call that succeeded without a retry gives back.
   * @default 1
   */
  readonly successRefund?: number | undefined;
}

/** What a retry is for, which sets its cost. */
export type RetryCostKind = 'timeout-or-network' | 'other';

/** A token bucket of retries, shared by every call of one client. */
export class RetryBudget {
  readonly capacity: number;
  readonly #retryCost: number;
  readonly #timeoutRetryCost: number;
  readonly #successRefund: number;
  #tokens: number;

  constructor(settings: RetryBudgetSettings = {}) {
    this.capacity = nonNegative(settings.capacity, 500);
    this.#retryCost = nonNegative(settings.retryCost, 5);
    this.#timeoutRetryCost = nonNegative(settings.timeoutRetryCost, 10);
    this.#successRefund = nonNegative(settings.successRefund, 1);
    this.#tokens = this.capacity;
  }

  /** Tokens left now. */
  get tokens(): number {
    return this.#tokens;
  }

  /** Takes the cost of one retry; returns the cost taken, or `undefined` when the bucket cannot pay it. */
  acquire(kind: RetryCostKind): number | undefined {
    const cost = kind === 'timeout-or-network' ? this.#timeoutRetryCost : this.#retryCost;
    if (cost > this.#tokens) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** A call succeeded: give back what its last retry cost, or the success refund when it took none. */
  release(lastRetryCost: number | undefined): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + (lastRetryCost ?? this.#successRefund));
  }
}

function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Thrown from ky's `beforeRetry` hook to stop a retry the budget cannot pay for. */
export class RetryBudgetEmpty extends Error {
  constructor() {
    super('the retry budget is empty');
    this.name = 'RetryBudgetEmpty';
  }
}
