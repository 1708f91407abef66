import type * as OpenTelemetry from '@opentelemetry/api';
import { BkError, type Redactor } from '@x/errors';
import { VERSION } from '../version.js';

type OpenTelemetryApi = typeof OpenTelemetry;

let loading: Promise<OpenTelemetryApi | undefined> | undefined;

/** `@opentelemetry/api` when installed (an optional peer dependency), loaded once. */
async function loadOpenTelemetry(): Promise<OpenTelemetryApi | undefined> {
  loading ??= import('@opentelemetry/api').then(
    (module) => module,
    () => undefined,
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

/** Starts a CLIENT span named `<module>.<endpoint>` when tracing is on and OpenTelemetry is installed. */
export async function startCallSpan(enabled: boolean, name: string, attributes: SpanAttributes, redactor: Redactor): Promise<CallSpan> {
  if (!enabled) return noopSpan;
  const api = await loadOpenTelemetry();
  if (api === undefined) return noopSpan;
  const tracer = api.trace.getTracer('@x/core-client', VERSION);
  const span = tracer.startSpan(name, { kind: api.SpanKind.CLIENT, attributes: clean(attributes) });
  const spanContext = api.trace.setSpan(api.context.active(), span);
  return {
    run: async (fn) => api.context.with(spanContext, fn),
    inject: (headers) => {
      api.propagation.inject(spanContext, headers, {
        set: (carrier, key, value) => {
          carrier[key.toLowerCase()] = value;
        },
      });
    },
    isRecording: () => span.isRecording(),
    setAttributes: (values) => {
      span.setAttributes(clean(values));
    },
    end: (error) => {
      if (error !== undefined) {
        const name = error instanceof Error ? error.name : 'Error';
        // SDK errors are redacted by construction; only a foreign error's text is scrubbed here.
        const message = BkError.isInstance(error) ? error.message : redactor.text(error instanceof Error ? error.message : 'a non-Error value was thrown');
        // Only name and redacted message: a foreign error's stack or fields could hold secrets.
        span.recordException({ name, message, ...(BkError.isInstance(error) ? { code: error.code } : {}) });
        span.setStatus({ code: api.SpanStatusCode.ERROR, message });
      }
      span.end();
    },
  };
}
