import type * as OpenTelemetry from '@opentelemetry/api';
import { BkError, type Redactor } from '@x/errors';
import { VERSION } from '../version.js';

type OpenTelemetryApi = typeof OpenTelemetry;

let loading: Promise<OpenTelemetryApi | undefined> | undefined;
// Set once the import has settled: `null` when `@opentelemetry/api` is not installed.
let loaded: OpenTelemetryApi | null | undefined;

/** `@opentelemetry/api` when installed (an optional peer dependency), loaded once. */
async function loadOpenTelemetry(): Promise<OpenTelemetryApi | undefined> {
  loading ??= import('@opentelemetry/api').then(
    (module) => {
      loaded = module;
      return module;
    },
    () => {
      loaded = null;
      return undefined;
    },
  );
  return loading;
}

/** Attribute values a call span carries. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** One call's client span; every method is a no-op without OpenTelemetry. */
export interface CallSpan {
  /** Runs `fn` with the span active, so trace context reaches nested work and headers. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Adds W3C trace-context headers for the active span (lower-case names, as the propagators write them). */
  inject(headers: Record<string, string>): void;
  /** Whether attributes are kept: false for the no-op span and OpenTelemetry's non-recording ones. */
  isRecording(): boolean;
  setAttributes(attributes: SpanAttributes): void;
  /** Ends the span; with an error, records it with its redacted message. */
  end(error?: unknown): void;
}

const noopSpan: CallSpan = {
  run: async (fn) => fn(),
  inject: () => undefined,
  isRecording: () => false,
  setAttributes: () => undefined,
  end: () => undefined,
};

function clean(attributes: SpanAttributes): OpenTelemetry.Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

const lowerCaseSetter: OpenTelemetry.TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key.toLowerCase()] = value;
  },
};

// The no-op provider of the loaded API copy: what its proxy answers while nothing is registered.
const noopProviders = new WeakMap<OpenTelemetryApi, OpenTelemetry.TracerProvider>();

/**
 * Whether a span started now would be a non-recording span with no valid trace context: no tracer
 * provider registered (in this copy of the API; another copy's is taken as registered) and no
 * valid span in the active context. Such a span records nothing and its context propagates only
 * what the active context holds (baggage), so the call skips starting it.
 */
function tracingIdle(api: OpenTelemetryApi): boolean {
  const provider = api.trace.getTracerProvider();
  if (!(provider instanceof api.ProxyTracerProvider)) return false;
  let noop = noopProviders.get(api);
  if (noop === undefined) {
    noop = new api.ProxyTracerProvider().getDelegate();
    noopProviders.set(api, noop);
  }
  if (provider.getDelegate() !== noop) return false;
  const parent = api.trace.getSpanContext(api.context.active());
  return parent === undefined || !api.trace.isSpanContextValid(parent);
}

const contextOnlySpans = new WeakMap<OpenTelemetryApi, CallSpan>();

/** The span of a call while tracing is idle: nothing recorded, the active context propagated. */
function contextOnlySpan(api: OpenTelemetryApi): CallSpan {
  let span = contextOnlySpans.get(api);
  if (span === undefined) {
    span = {
      ...noopSpan,
      inject: (headers) => {
        api.propagation.inject(api.context.active(), headers, lowerCaseSetter);
      },
    };
    contextOnlySpans.set(api, span);
  }
  return span;
}

function openSpan(api: OpenTelemetryApi, name: string, attributes: SpanAttributes, redactor: () => Redactor): CallSpan {
  const tracer = api.trace.getTracer('@x/core-client', VERSION);
  const span = tracer.startSpan(name, { kind: api.SpanKind.CLIENT, attributes: clean(attributes) });
  const spanContext = api.trace.setSpan(api.context.active(), span);
  return {
    run: async (fn) => api.context.with(spanContext, fn),
    inject: (headers) => {
      api.propagation.inject(spanContext, headers, lowerCaseSetter);
    },
    isRecording: () => span.isRecording(),
    setAttributes: (values) => {
      span.setAttributes(clean(values));
    },
    end: (error) => {
      if (error !== undefined) {
        const name = error instanceof Error ? error.name : 'Error';
        // SDK errors are redacted by construction; only a foreign error's text is scrubbed here.
        const message = BkError.isInstance(error) ? error.message : redactor().text(error instanceof Error ? error.message : 'a non-Error value was thrown');
        // Only name and redacted message: a foreign error's stack or fields could hold secrets.
        span.recordException({ name, message, ...(BkError.isInstance(error) ? { code: error.code } : {}) });
        span.setStatus({ code: api.SpanStatusCode.ERROR, message });
      }
      span.end();
    },
  };
}

function spanWith(api: OpenTelemetryApi | undefined, name: string, attributes: () => SpanAttributes, redactor: () => Redactor): CallSpan {
  if (api === undefined) return noopSpan;
  if (tracingIdle(api)) return contextOnlySpan(api);
  return openSpan(api, name, attributes(), redactor);
}

/**
 * Starts a CLIENT span named `<module>.<endpoint>` when tracing is on and OpenTelemetry is
 * installed. Synchronous once the API has been looked for (the first call waits for that);
 * `attributes` and `redactor` are only called for a span that is really started.
 */
export function startCallSpan(enabled: boolean, name: string, attributes: () => SpanAttributes, redactor: () => Redactor): CallSpan | Promise<CallSpan> {
  if (!enabled) return noopSpan;
  if (loaded !== undefined) return spanWith(loaded ?? undefined, name, attributes, redactor);
  return loadOpenTelemetry().then((api) => spanWith(api, name, attributes, redactor));
}
