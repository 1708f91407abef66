import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryQueue, JobProcessor } from './delivery-queue.js';

/** The relay's Prometheus metrics, in a registry of its own (several relays may share a process). */
export interface RelayMetrics {
  readonly registry: Registry;
  /** Wraps a processor so each attempt is counted and timed. */
  measure(processor: JobProcessor): JobProcessor;
}

/**
 * Creates the metrics served at `GET /metrics`:
 *
 * - `notify_relay_deliveries_total{channel, outcome}`: channels finished — `sent`, or the failure
 *   reason (`ambiguous`, `rejected`, `exhausted`)
 * - `notify_relay_attempts_total{channel, outcome}`: send attempts — `sent`, `retry`, `failed`
 * - `notify_relay_send_duration_seconds{channel}`: how long one send took (histogram)
 * - `notify_relay_queue_depth{state}`: channels waiting or being sent now (`pending`, `sending`,
 *   `retrying`), read from the queue on each scrape
 */
export function createRelayMetrics(queue: DeliveryQueue): RelayMetrics {
  const registry = new Registry();
  const deliveries = new Counter({
    name: 'notify_relay_deliveries_total',
    help: 'Channels finished, by channel and outcome (sent, ambiguous, rejected, exhausted).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'notify_relay_attempts_total',
    help: 'Send attempts, by channel and outcome (sent, retry, failed).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'notify_relay_send_duration_seconds',
    help: 'Duration of one send to the gateway, by channel.',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'notify_relay_queue_depth',
    help: 'Channels not finished yet, by state (pending, sending, retrying).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await queue.queueDepth();
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
  return {
    registry,
    measure: (processor) => async (job) => {
      const stop = duration.startTimer({ channel: job.channel });
      const outcome = await processor(job);
      stop();
      attempts.inc({ channel: job.channel, outcome: outcome.kind });
      if (outcome.kind !== 'retry') deliveries.inc({ channel: job.channel, outcome: outcome.kind === 'sent' ? 'sent' : outcome.reason });
      return outcome;
    },
  };
}
