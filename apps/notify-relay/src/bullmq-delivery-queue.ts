import { DelayedError, Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Alert } from './alert-schema.js';
import type { ClaimedJob, DeliveryQueue, JobOutcome, JobProcessor, QueueCloseOptions, SubmitResult } from './delivery-queue.js';
import { idempotencyKey, isTerminal } from './delivery-types.js';
import type { AttemptRecord, ChannelDelivery, ChannelState, DeliveryRecord, DeliverySubmission, FailureReason } from './delivery-types.js';
import type { RelayLogger } from './relay-logger.js';
import { silentRelayLogger } from './relay-logger.js';
import type { Channel } from './routing.js';

/** Options of {@link createBullmqDeliveryQueue}. */
export interface BullmqDeliveryQueueOptions {
  /** `redis://[user:password@]host:port[/db]` */
  readonly url: string;
  /**
   * Namespace of every key (BullMQ's and the delivery states); instances sharing it share work.
   * @default 'notify-relay'
   */
  readonly prefix?: string | undefined;
  /**
   * Sends in flight at once, per instance.
   * @default 4
   */
  readonly concurrency?: number | undefined;
  /**
   * BullMQ's job lock, renewed while a send runs. A job whose instance died is taken again after
   * the lock expires (BullMQ's stalled-job check).
   * @default 30000
   */
  readonly lockDurationMs?: number | undefined;
  readonly logger?: RelayLogger | undefined;
}

/** A job's payload in Redis. */
interface JobData {
  readonly deliveryId: string;
  readonly alert: Alert;
  readonly channel: Channel;
}

/** The stored header of a delivery. */
interface StoredDelivery {
  readonly deliveryId: string;
  readonly alertId: string;
  readonly severity: string;
  readonly createdAt: number;
  readonly fingerprint: string;
  readonly alert: Alert;
  readonly channels: readonly Channel[];
}

/** The stored state of one channel; written only by the worker holding its job. */
interface StoredChannel {
  readonly state: ChannelState;
  readonly reason?: FailureReason | undefined;
  readonly nextAttemptAt?: number | undefined;
  readonly attempts: readonly AttemptRecord[];
}

const QUEUE_NAME = 'deliveries';
const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/**
 * The queue for several instances: BullMQ on Redis. Each channel is one BullMQ job whose `jobId`
 * is the idempotency key (`<alert id>/<channel>`), so adding it twice keeps one job; the
 * delivery and each channel's state live next to the queue, under the same prefix.
 *
 * Retries are moved back to BullMQ's delayed set (`moveToDelayed`) by the worker itself; BullMQ's
 * own attempts stay at 1. A worker re-checks the channel state before sending, so a job that is
 * delivered again after it finished sends nothing. A job whose instance died mid-send is taken
 * again by BullMQ's stalled-job check and sent again (the same at-least-once window as SQLite).
 */
export function createBullmqDeliveryQueue(options: BullmqDeliveryQueueOptions): DeliveryQueue {
  const prefix = options.prefix ?? 'notify-relay';
  const logger = options.logger ?? silentRelayLogger;
  // Requests (submit, get) fail fast while Redis is away; the worker's connection waits for it
  // (BullMQ needs maxRetriesPerRequest: null on the connection it blocks on).
  const redis = new Redis(options.url, { maxRetriesPerRequest: 2 });
  const workerRedis = new Redis(options.url, { maxRetriesPerRequest: null });
  for (const client of [redis, workerRedis]) {
    client.on('error', (error: unknown) => {
      logger.error('redis connection error', { error: String(error) });
    });
  }
  const queue = new Queue<JobData>(QUEUE_NAME, { connection: redis, prefix });
  let worker: Worker<JobData> | undefined;
  let closed = false;

  const deliveryKey = (alertId: string): string => `${prefix}:delivery:${alertId}`;
  const channelKey = (key: string): string => `${prefix}:channel:${key}`;

  async function readChannel(key: string): Promise<StoredChannel | undefined> {
    const raw = await redis.get(channelKey(key));
    return raw === null ? undefined : (JSON.parse(raw) as StoredChannel);
  }

  async function writeChannel(key: string, channel: StoredChannel): Promise<void> {
    await redis.set(channelKey(key), JSON.stringify(channel));
  }

  async function readDelivery(alertId: string): Promise<DeliveryRecord | undefined> {
    const raw = await redis.get(deliveryKey(alertId));
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as StoredDelivery;
    const keys = stored.channels.map((channel) => idempotencyKey(alertId, channel));
    const states = keys.length === 0 ? [] : await redis.mget(keys.map(channelKey));
    const channels = stored.channels.map((channel, index): ChannelDelivery => {
      const state = states[index];
      const parsed: StoredChannel = state === null || state === undefined ? { state: 'pending', attempts: [] } : (JSON.parse(state) as StoredChannel);
      return {
        channel,
        idempotencyKey: keys[index] ?? idempotencyKey(alertId, channel),
        state: parsed.state,
        ...(parsed.reason === undefined ? {} : { reason: parsed.reason }),
        ...(parsed.nextAttemptAt === undefined ? {} : { nextAttemptAt: iso(parsed.nextAttemptAt) }),
        attempts: parsed.attempts,
      };
    });
    return { deliveryId: stored.deliveryId, alertId, severity: stored.severity, createdAt: iso(stored.createdAt), channels };
  }

  /** Adds the jobs of the channels not finished yet; BullMQ keeps one job per id. */
  async function enqueue(stored: StoredDelivery): Promise<void> {
    const pending: Channel[] = [];
    for (const channel of stored.channels) {
      const state = await readChannel(idempotencyKey(stored.alertId, channel));
      if (state === undefined || !isTerminal(state.state)) pending.push(channel);
    }
    if (pending.length === 0) return;
    await queue.addBulk(
      pending.map((channel) => ({
        name: channel,
        data: { deliveryId: stored.deliveryId, alert: stored.alert, channel },
        opts: {
          jobId: idempotencyKey(stored.alertId, channel),
          attempts: 1,
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }

  async function process(processor: JobProcessor, job: Job<JobData>, token: string | undefined): Promise<void> {
    const { alert, channel, deliveryId } = job.data;
    const key = idempotencyKey(alert.id, channel);
    const current = (await readChannel(key)) ?? { state: 'pending', attempts: [] };
    // Delivered again after it finished (a re-added or recovered job): nothing to send.
    if (isTerminal(current.state)) return;
    const now = Date.now();
    const previous = current.attempts.map((attempt): AttemptRecord =>
      attempt.outcome === 'in-flight'
        ? {
            ...attempt,
            outcome: 'interrupted',
            finishedAt: iso(now),
            error: { code: 'LOCK_EXPIRED', message: 'the worker holding this job stopped before recording an outcome; sending again (at-least-once)' },
          }
        : attempt,
    );
    if (current.state === 'sending') logger.warn('re-queued a job whose lock expired', { idempotencyKey: key });
    const number = previous.length + 1;
    const started: AttemptRecord = { number, startedAt: iso(now), outcome: 'in-flight' };
    await writeChannel(key, { state: 'sending', attempts: [...previous, started] });

    const claimed: ClaimedJob = { idempotencyKey: key, deliveryId, alert, channel, attempt: number };
    let outcome: JobOutcome;
    try {
      outcome = await processor(claimed);
    } catch (error) {
      outcome = { kind: 'failed', reason: 'ambiguous', error: { code: 'PROCESSOR_ERROR', message: error instanceof Error ? error.message : String(error) } };
    }
    const finishedAt = iso(Date.now());
    const finished: AttemptRecord =
      outcome.kind === 'sent'
        ? { ...started, finishedAt, outcome: 'sent', ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }) }
        : { ...started, finishedAt, outcome: outcome.kind, error: outcome.error, ...(outcome.error.requestId === undefined ? {} : { requestId: outcome.error.requestId }) };
    const attempts = [...previous, finished];
    if (outcome.kind === 'sent') {
      await writeChannel(key, { state: 'sent', attempts });
      return;
    }
    if (outcome.kind === 'failed') {
      await writeChannel(key, { state: 'failed', reason: outcome.reason, attempts });
      return;
    }
    await writeChannel(key, { state: 'retrying', nextAttemptAt: outcome.retryAt, attempts });
    await job.moveToDelayed(outcome.retryAt, token);
    // Tells BullMQ the job was moved on purpose, not failed.
    throw new DelayedError();
  }

  return {
    kind: 'bullmq',
    submit: async (submission: DeliverySubmission): Promise<SubmitResult> => {
      const { alert } = submission;
      const stored: StoredDelivery = {
        deliveryId: submission.deliveryId,
        alertId: alert.id,
        severity: alert.severity,
        createdAt: submission.createdAt,
        fingerprint: submission.fingerprint,
        alert,
        channels: submission.channels,
      };
      const transaction = redis.multi().set(deliveryKey(alert.id), JSON.stringify(stored), 'NX');
      for (const channel of submission.channels) {
        transaction.set(channelKey(idempotencyKey(alert.id, channel)), JSON.stringify({ state: 'pending', attempts: [] } satisfies StoredChannel), 'NX');
      }
      const replies = await transaction.exec();
      const created = replies?.[0]?.[1] === 'OK';
      let status: SubmitResult['status'] = 'created';
      let target = stored;
      if (!created) {
        const raw = await redis.get(deliveryKey(alert.id));
        if (raw === null) throw new Error(`delivery of alert ${alert.id} vanished after it was stored`);
        target = JSON.parse(raw) as StoredDelivery;
        status = target.fingerprint === submission.fingerprint ? 'existing' : 'conflict';
      }
      // Also for a repeated POST: heals a crash between storing the delivery and adding its jobs.
      if (status !== 'conflict') await enqueue(target);
      const delivery = await readDelivery(alert.id);
      if (delivery === undefined) throw new Error(`delivery of alert ${alert.id} vanished after it was stored`);
      return { status, delivery };
    },
    get: readDelivery,
    start: async (processor) => {
      if (worker !== undefined) throw new Error('the queue was started already');
      worker = new Worker<JobData>(QUEUE_NAME, async (job, token) => process(processor, job, token), {
        connection: workerRedis,
        prefix,
        concurrency: options.concurrency ?? 4,
        lockDuration: options.lockDurationMs ?? 30_000,
        maxStalledCount: 10,
        autorun: true,
      });
      worker.on('error', (error: unknown) => {
        logger.error('worker error', { error: String(error) });
      });
      worker.on('failed', (job, error) => {
        logger.error('job failed unexpectedly', { idempotencyKey: job?.id, error: String(error) });
      });
      await worker.waitUntilReady();
    },
    close: async (closeOptions: QueueCloseOptions = {}) => {
      if (closed) return;
      closed = true;
      if (worker !== undefined) {
        const closing = worker;
        const graceMs = closeOptions.graceMs ?? 15_000;
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          closing.close().then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => {
              resolve(false);
            }, graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (!finished) {
          logger.warn('closing with sends in flight; BullMQ takes them again after their lock expires');
          await closing.close(true);
        }
      }
      await queue.close();
      await Promise.all([redis.quit().catch(() => undefined), workerRedis.quit().catch(() => undefined)]);
    },
  };
}
