import { DelayedError, Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedactor } from '@x/errors';
import type { Alert } from './alert-schema.js';
import type {
  ClaimedJob,
  DeliveryListQuery,
  DeliveryQueue,
  JobOutcome,
  JobProcessor,
  OpenChannelState,
  QueueCloseOptions,
  ResendResult,
  SubmitResult,
} from './delivery-queue.js';
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
  /**
   * Start even when Redis does not persist every write (no AOF, or `appendfsync no`): accepted
   * alerts may then be lost when Redis restarts. Without it such a Redis is refused at start.
   * @default false
   */
  readonly acceptDataLoss?: boolean | undefined;
  /**
   * How long a worker keeps retrying to record an outcome while Redis is unavailable, before it
   * gives up and leaves the channel to reconciliation (which marks it `ambiguous`, never resends).
   * @default 60000
   */
  readonly outcomeWriteTimeoutMs?: number | undefined;
  /**
   * How often channels whose job failed or vanished (a Redis outage) are reconciled; also after
   * every reconnect.
   * @default 30000
   */
  readonly reconcileIntervalMs?: number | undefined;
  /**
   * How long an alert id and its content are kept: the delivery and channel keys expire this long
   * after the alert was accepted (Redis TTLs), and BullMQ drops finished jobs after it.
   * @default 7 days
   */
  readonly retentionMs?: number | undefined;
  readonly logger?: RelayLogger | undefined;
}

/** Redis persistence as read at start. */
export interface RedisPersistence {
  readonly appendonly: string | undefined;
  readonly appendfsync: string | undefined;
  /** `always` (every write), `everysec` (at most the last second lost), or `none`/`unknown`. */
  readonly guarantee: 'always' | 'everysec' | 'none' | 'unknown';
}

/** Thrown at start when Redis cannot be used as the durable queue: the message never holds a secret. */
export class RedisQueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisQueueError';
  }
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

// Writes the new channel state only when its last attempt is still the in-flight attempt ARGV[2]:
// a worker recording its outcome and a reconciliation marking it ambiguous cannot both win.
// A terminal state also leaves the set of open channels.
const RECORD_OUTCOME_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local current = cjson.decode(raw)
local attempts = current['attempts']
if type(attempts) ~= 'table' or #attempts == 0 then return 0 end
local last = attempts[#attempts]
if tonumber(last['number']) ~= tonumber(ARGV[2]) or last['outcome'] ~= 'in-flight' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
if ARGV[3] == '1' then redis.call('SREM', KEYS[2], ARGV[4]) end
return 1
`;

// Turns a `failed`/`ambiguous` channel back into `pending` (its attempts kept) and reopens it.
const RESEND_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return -1 end
local current = cjson.decode(raw)
if current['state'] ~= 'failed' or current['reason'] ~= 'ambiguous' then return 0 end
current['state'] = 'pending'
current['reason'] = nil
redis.call('SET', KEYS[1], cjson.encode(current), 'KEEPTTL')
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

/** The error's name and message only: ioredis puts the command and its arguments (AUTH's password) on other properties. */
function describeRedisError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The password and user name of a Redis URL, to scrub from every log line. */
function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [
      parsed.password,
      decodeURIComponent(parsed.password),
      parsed.username === 'default' ? '' : parsed.username,
      decodeURIComponent(parsed.username),
    ].filter((secret) => secret.length > 0);
  } catch {
    return [];
  }
}

/** `redis://host:port/db` without credentials, for messages. */
function safeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(invalid Redis URL)';
  }
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Reads `appendonly` / `appendfsync` (CONFIG GET, else INFO persistence when CONFIG is disabled). */
export async function readRedisPersistence(redis: Redis): Promise<RedisPersistence> {
  let appendonly: string | undefined;
  let appendfsync: string | undefined;
  try {
    const [only, fsync] = await Promise.all([redis.config('GET', 'appendonly'), redis.config('GET', 'appendfsync')]);
    appendonly = only[1];
    appendfsync = fsync[1];
  } catch (error) {
    // Managed Redis often renames CONFIG; INFO still says whether AOF is on (not its fsync policy).
    if (!/unknown command|NOPERM|no permissions/i.test(describeRedisError(error))) throw error;
    const info = await redis.info('persistence');
    const enabled = /^aof_enabled:(\d)/m.exec(info)?.[1];
    appendonly = enabled === undefined ? undefined : enabled === '1' ? 'yes' : 'no';
  }
  const guarantee: RedisPersistence['guarantee'] =
    appendonly === 'no'
      ? 'none'
      : appendonly !== 'yes'
        ? 'unknown'
        : appendfsync === 'always'
          ? 'always'
          : appendfsync === 'everysec'
            ? 'everysec'
            : appendfsync === 'no'
              ? 'none'
              : 'unknown';
  return { appendonly, appendfsync, guarantee };
}
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
  const redactor = createRedactor({ secrets: urlSecrets(options.url) });
  const where = safeRedisUrl(options.url);
  // Every error is handled where it arises and logged here, redacted: an 'error' event nobody
  // listens to makes BullMQ print the whole error (with AUTH's arguments) on stderr.
  const logRedisError = (source: string) => (error: unknown) => {
    logger.error(`${source} error`, { redis: where, error: redactor.text(describeRedisError(error)) });
  };
  const redis = new Redis(options.url, { maxRetriesPerRequest: 2 });
  const workerRedis = new Redis(options.url, { maxRetriesPerRequest: null });
  redis.on('error', logRedisError('redis connection'));
  workerRedis.on('error', logRedisError('redis worker connection'));
  const queue = new Queue<JobData>(QUEUE_NAME, { connection: redis, prefix });
  queue.on('error', logRedisError('queue'));
  let worker: Worker<JobData> | undefined;
  let closed = false;
  let reconcileTimer: NodeJS.Timeout | undefined;
  let reconciling: Promise<void> | undefined;
  const outcomeWriteTimeoutMs = options.outcomeWriteTimeoutMs ?? 60_000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;

  const deliveryKey = (alertId: string): string => `${prefix}:delivery:${alertId}`;
  const channelKey = (key: string): string => `${prefix}:channel:${key}`;
  // Channels not `sent` or `failed` yet: what reconciliation looks at.
  const openKey = `${prefix}:open-channels`;
  // Alert ids by creation time, for listing.
  const indexKey = `${prefix}:deliveries`;

  /**
   * Writes a channel's new state if its attempt `number` is still in flight (see the script).
   * While Redis is unavailable the write is retried, up to `outcomeWriteTimeoutMs`: the job's
   * outcome is known here and nowhere else. Returns false when someone else resolved the attempt.
   */
  async function recordOutcome(key: string, number: number, channel: StoredChannel): Promise<boolean> {
    const deadline = Date.now() + outcomeWriteTimeoutMs;
    let delay = 100;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const written = await redis.eval(
          RECORD_OUTCOME_SCRIPT,
          2,
          channelKey(key),
          openKey,
          JSON.stringify(channel),
          String(number),
          isTerminal(channel.state) ? '1' : '0',
          key,
        );
        if (attempt > 1) logger.info('recorded an outcome after retrying', { idempotencyKey: key, tries: attempt });
        return written === 1;
      } catch (error) {
        if (Date.now() + delay > deadline) {
          logger.error('could not record an outcome; reconciliation marks the channel ambiguous (never resent)', {
            idempotencyKey: key,
            error: redactor.text(describeRedisError(error)),
          });
          throw new RedisQueueError(`could not record the outcome of ${key}`);
        }
        if (attempt === 1)
          logger.warn('could not record an outcome yet; retrying while Redis is unavailable', {
            idempotencyKey: key,
            error: redactor.text(describeRedisError(error)),
          });
        await sleep(delay);
        delay = Math.min(delay * 2, 2_000);
      }
    }
  }

  function jobOptions(key: string): { jobId: string; attempts: number; removeOnComplete: { age: number }; removeOnFail: { age: number } } {
    const age = Math.max(1, Math.ceil(retentionMs / 1000));
    return { jobId: key, attempts: 1, removeOnComplete: { age }, removeOnFail: { age } };
  }

  /**
   * Resolves channels that no job will ever finish: after a Redis outage a job may sit in the
   * failed set (a command failed mid-job) or be gone (not yet persisted). An attempt still
   * `in-flight` then ends `failed`/`ambiguous` (it may have been sent; never resent silently);
   * a channel with nothing in flight gets its job back.
   */
  async function reconcileOnce(): Promise<void> {
    const keys = await redis.smembers(openKey);
    for (const key of keys) {
      const current = await readChannel(key);
      if (current === undefined || isTerminal(current.state)) {
        await redis.srem(openKey, key);
        continue;
      }
      const jobState = await queue.getJobState(key);
      if (jobState !== 'failed' && jobState !== 'completed' && jobState !== 'unknown') continue;
      const last = current.attempts.at(-1);
      if (last?.outcome === 'in-flight') {
        const finished: AttemptRecord = {
          ...last,
          outcome: 'interrupted',
          finishedAt: iso(Date.now()),
          error: {
            code: 'OUTCOME_UNKNOWN',
            message: `the attempt's outcome was not recorded (its job ${jobState === 'unknown' ? 'vanished' : 'failed'} while Redis was unavailable); it may have been sent, so it is not resent`,
          },
        };
        const written = await redis.eval(
          RECORD_OUTCOME_SCRIPT,
          2,
          channelKey(key),
          openKey,
          JSON.stringify({ state: 'failed', reason: 'ambiguous', attempts: [...current.attempts.slice(0, -1), finished] } satisfies StoredChannel),
          String(last.number),
          '1',
          key,
        );
        if (written === 1) logger.warn('reconciled a channel whose attempt was in flight: ambiguous, not resent', { idempotencyKey: key, job: jobState });
        if (jobState === 'failed') await queue.remove(key).catch(() => 0);
        continue;
      }
      // Nothing in flight: the channel was never sent (or its failure was retryable); queue it again.
      const slash = key.lastIndexOf('/');
      const raw = await redis.get(deliveryKey(key.slice(0, slash)));
      if (raw === null) continue;
      const stored = JSON.parse(raw) as StoredDelivery;
      const channel = key.slice(slash + 1) as Channel;
      if (jobState !== 'unknown') await queue.remove(key);
      const delay = current.nextAttemptAt === undefined ? 0 : Math.max(0, current.nextAttemptAt - Date.now());
      await queue.add(channel, { deliveryId: stored.deliveryId, alert: stored.alert, channel }, { ...jobOptions(key), delay });
      logger.warn('reconciled a channel whose job failed or vanished: queued again (nothing was in flight)', { idempotencyKey: key, job: jobState });
    }
  }

  function reconcile(): Promise<void> {
    reconciling ??= reconcileOnce()
      .catch((error: unknown) => {
        logger.error('reconciliation failed; retried later', { error: redactor.text(describeRedisError(error)) });
      })
      .finally(() => {
        reconciling = undefined;
      });
    return reconciling;
  }

  /** Connects, checks Redis persists every write (or that loss was accepted), in a message without secrets. */
  async function checkRedis(): Promise<void> {
    let persistence: RedisPersistence;
    try {
      persistence = await readRedisPersistence(redis);
    } catch (error) {
      throw new RedisQueueError(`cannot use Redis at ${where}: ${redactor.text(describeRedisError(error))}`);
    }
    const setting = `appendonly=${persistence.appendonly ?? '?'}, appendfsync=${persistence.appendfsync ?? '?'}`;
    if (persistence.guarantee === 'always' || persistence.guarantee === 'everysec') {
      logger.info('redis persistence', {
        redis: where,
        appendonly: persistence.appendonly,
        appendfsync: persistence.appendfsync,
        window: persistence.guarantee === 'always' ? 'none' : 'the last second of writes',
      });
      return;
    }
    if (options.acceptDataLoss === true) {
      logger.warn('redis does not persist every write; accepted alerts may be lost if it restarts (accepted by --accept-redis-data-loss)', {
        redis: where,
        setting,
      });
      return;
    }
    throw new RedisQueueError(
      `Redis at ${where} does not persist every write (${setting}): accepted alerts would be lost when it restarts. ` +
        'Turn on AOF (appendonly yes with appendfsync always, or everysec: at most the last second lost), ' +
        'or accept the loss with --accept-redis-data-loss (NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS=1)',
    );
  }

  async function readChannel(key: string): Promise<StoredChannel | undefined> {
    const raw = await redis.get(channelKey(key));
    return raw === null ? undefined : (JSON.parse(raw) as StoredChannel);
  }

  async function writeChannel(key: string, channel: StoredChannel): Promise<void> {
    await redis.set(channelKey(key), JSON.stringify(channel), 'KEEPTTL');
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
        opts: jobOptions(idempotencyKey(stored.alertId, channel)),
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
        : {
            ...started,
            finishedAt,
            outcome: outcome.kind,
            error: outcome.error,
            ...(outcome.error.requestId === undefined ? {} : { requestId: outcome.error.requestId }),
          };
    const attempts = [...previous, finished];
    const next: StoredChannel =
      outcome.kind === 'sent'
        ? { state: 'sent', attempts }
        : outcome.kind === 'failed'
          ? { state: 'failed', reason: outcome.reason, attempts }
          : { state: 'retrying', nextAttemptAt: outcome.retryAt, attempts };
    if (!(await recordOutcome(key, number, next))) {
      logger.warn('the attempt was resolved elsewhere before its outcome was recorded', { idempotencyKey: key, attempt: number, outcome: outcome.kind });
      return;
    }
    if (outcome.kind !== 'retry') return;
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
      // Every key of the delivery expires `retentionMs` after acceptance; later writes keep the TTL.
      const expiresAt = submission.createdAt + retentionMs;
      const transaction = redis.multi().set(deliveryKey(alert.id), JSON.stringify(stored), 'PXAT', expiresAt, 'NX');
      for (const channel of submission.channels) {
        transaction.set(
          channelKey(idempotencyKey(alert.id, channel)),
          JSON.stringify({ state: 'pending', attempts: [] } satisfies StoredChannel),
          'PXAT',
          expiresAt,
          'NX',
        );
      }
      transaction.zremrangebyscore(indexKey, '-inf', Date.now() - retentionMs);
      transaction.zadd(indexKey, 'NX', submission.createdAt, alert.id);
      if (submission.channels.length > 0) transaction.sadd(openKey, ...submission.channels.map((channel) => idempotencyKey(alert.id, channel)));
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
    list: async (query: DeliveryListQuery) => {
      const found: DeliveryRecord[] = [];
      // Newest first, a page at a time, until `limit` deliveries match.
      for (let offset = 0; found.length < query.limit; offset += 100) {
        const ids = await redis.zrevrange(indexKey, offset, offset + 99);
        if (ids.length === 0) break;
        for (const id of ids) {
          const delivery = await readDelivery(id);
          if (delivery === undefined) continue;
          if (query.state !== undefined && !delivery.channels.some((channel) => channel.state === query.state)) continue;
          found.push(delivery);
          if (found.length >= query.limit) break;
        }
      }
      return found;
    },
    queueDepth: async () => {
      const counts: Record<OpenChannelState, number> = { pending: 0, sending: 0, retrying: 0 };
      const open = await redis.smembers(openKey);
      const states = open.length === 0 ? [] : await redis.mget(open.map(channelKey));
      for (const raw of states) {
        if (raw === null) continue;
        const state = (JSON.parse(raw) as StoredChannel).state;
        if (state === 'pending' || state === 'sending' || state === 'retrying') counts[state] += 1;
      }
      return counts;
    },
    resend: async (alertId: string, channel: Channel): Promise<ResendResult> => {
      const key = idempotencyKey(alertId, channel);
      const raw = await redis.get(deliveryKey(alertId));
      const stored = raw === null ? undefined : (JSON.parse(raw) as StoredDelivery);
      if (stored?.channels.includes(channel) !== true) return { status: 'not_found' };
      const changed = await redis.eval(RESEND_SCRIPT, 2, channelKey(key), openKey, key);
      if (changed !== 1) {
        const delivery = await readDelivery(alertId);
        return delivery === undefined ? { status: 'not_found' } : { status: 'not_ambiguous', delivery };
      }
      logger.warn('resending an ambiguous channel on request', { idempotencyKey: key });
      // The old job is failed or completed; BullMQ keeps one job per id, so it goes first.
      await queue.remove(key);
      await queue.add(channel, { deliveryId: stored.deliveryId, alert: stored.alert, channel }, jobOptions(key));
      const delivery = await readDelivery(alertId);
      if (delivery === undefined) return { status: 'not_found' };
      return { status: 'queued', delivery };
    },
    start: async (processor) => {
      if (worker !== undefined) throw new Error('the queue was started already');
      await checkRedis();
      await reconcile();
      worker = new Worker<JobData>(QUEUE_NAME, async (job, token) => process(processor, job, token), {
        connection: workerRedis,
        prefix,
        concurrency: options.concurrency ?? 4,
        lockDuration: options.lockDurationMs ?? 30_000,
        // A crashed worker's job is found by the stalled check: run it as often as a lock lasts,
        // so a job is taken again between one and two lock durations after the crash.
        stalledInterval: options.lockDurationMs ?? 30_000,
        maxStalledCount: 10,
        autorun: true,
      });
      worker.on('error', logRedisError('worker'));
      worker.on('failed', (job, error) => {
        logger.error('job failed unexpectedly; reconciliation resolves its channel', {
          idempotencyKey: job?.id,
          error: redactor.text(describeRedisError(error)),
        });
      });
      await worker.waitUntilReady();
      // After an outage: jobs that failed while Redis was away, or that Redis lost.
      redis.on('ready', () => {
        if (!closed) void reconcile();
      });
      reconcileTimer = setInterval(() => {
        void reconcile();
      }, options.reconcileIntervalMs ?? 30_000);
      reconcileTimer.unref();
    },
    close: async (closeOptions: QueueCloseOptions = {}) => {
      if (closed) return;
      closed = true;
      clearInterval(reconcileTimer);
      await reconciling;
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
