import type { BkError } from '@x/errors';
import type { CacheAccess } from '../cache/cache-access.js';
import type { SingleFlight } from '../cache/single-flight.js';
import type { ClientHeaders } from '../request/request-headers.js';
import type { TenantResolver } from '../request/tenant.js';
import type { Transport } from '../transport/undici-fetch.js';
import type { RetryBudget } from '../retry/retry-budget.js';
import type { Envelope } from '../response/envelope.js';
import type { EnvelopeFailure } from '../response/parse-envelope.js';
import type { FetchFunction } from './client-settings.js';
import type { NormalizedSettings } from './normalize-settings.js';

/** What every call of one client shares. */
export interface ClientRuntime {
  readonly settings: NormalizedSettings;
  /** The `headers` and `userAgent` settings, checked once. */
  readonly headers: ClientHeaders;
  /** The default transport, which takes a call's headers and JSON body directly; unset with a custom `fetch`. */
  readonly transport: Transport | undefined;
  /** The custom `fetch` of the settings (its responses made to clone to themselves); unused with the default transport. */
  readonly fetch: FetchFunction;
  /** Readies the default transport on the first call (a promise then, `undefined` after). */
  readonly prepareTransport: () => Promise<void> | undefined;
  readonly cache: CacheAccess | undefined;
  readonly flights: SingleFlight;
  readonly tenants: TenantResolver;
  /** The retry budget every call of the client shares; `undefined` when turned off. */
  readonly retryBudget: RetryBudget | undefined;
  readonly isClosed: () => boolean;
}

/** The outcome of sending one request (shared by the participants of a single flight). */
export interface SendOutcome {
  /** The envelope after `after` (output not yet applied), or the failed envelope. */
  readonly envelope: Envelope;
  readonly failure: EnvelopeFailure | undefined;
  readonly attemptErrors: readonly BkError[];
  readonly attempts: number;
  readonly status: number | undefined;
  readonly gatewayRequestId: string | undefined;
  readonly cached: boolean;
}

/** A send outcome with its output checked (`checked` is unset for a failed envelope). */
export interface CheckedOutcome extends SendOutcome {
  readonly checked: Envelope | undefined;
}

/** Mutable facts collected while a call runs, for its log record and span. */
export interface CallTrace {
  url: string | undefined;
  status: number | undefined;
  attempts: number;
  tenantId: string | undefined;
  params: unknown;
  cached: boolean;
  stubbed: boolean;
  envelope: Envelope | undefined;
}
