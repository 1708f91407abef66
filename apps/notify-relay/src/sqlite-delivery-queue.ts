import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
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
import { idempotencyKey } from './delivery-types.js';
import type {
  AttemptError,
  AttemptOutcome,
  AttemptRecord,
  ChannelDelivery,
  ChannelState,
  DeliveryRecord,
  DeliverySubmission,
  FailureReason,
} from './delivery-types.js';
import type { RelayLogger } from './relay-logger.js';
import { silentRelayLogger } from './relay-logger.js';
import type { Channel } from './routing.js';

/** Options of {@link createSqliteDeliveryQueue}. */
export interface SqliteDeliveryQueueOptions {
  /** The database file (its folder is created), or `':memory:'`. */
  readonly path: string;
  /**
   * Sends in flight at once.
   * @default 4
   */
  readonly concurrency?: number | undefined;
  /**
   * How long a claimed job belongs to this process. A job still `sending` after its lease
   * expired (the process died mid-send) is claimed again: keep it well above the client timeout.
   * @default 60000
   */
  readonly leaseMs?: number | undefined;
  /**
   * How often the queue looks for due jobs when nothing woke it.
   * @default 250
   */
  readonly pollIntervalMs?: number | undefined;
  /**
   * How long a write waits for another connection's lock before it fails (SQLITE_BUSY).
   * @default 5000
   */
  readonly busyTimeoutMs?: number | undefined;
  /**
   * How long a worker retries recording an outcome (a full disk, a lock held too long) before it
   * says it stopped taking work. It keeps the outcome and keeps retrying every second after
   * that, and claims nothing new until every outcome is written: the job is never sent twice by
   * this process.
   * @default leaseMs / 2
   */
  readonly outcomeWriteTimeoutMs?: number | undefined;
  /**
   * How long an alert id and its content are kept: deliveries accepted longer ago whose channels
   * are all finished (`sent` or `failed`) are deleted, with their attempts (at start, then hourly).
   * @default 7 days
   */
  readonly retentionMs?: number | undefined;
  readonly logger?: RelayLogger | undefined;
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  alert_id    TEXT PRIMARY KEY,
  delivery_id TEXT NOT NULL UNIQUE,
  severity    TEXT NOT NULL,
  payload     TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS channel_jobs (
  idempotency_key TEXT PRIMARY KEY,
  alert_id        TEXT NOT NULL REFERENCES deliveries (alert_id),
  channel         TEXT NOT NULL,
  position        INTEGER NOT NULL,
  state           TEXT NOT NULL,
  reason          TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  available_at    INTEGER NOT NULL,
  lease_until     INTEGER,
  lease_owner     TEXT,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS channel_jobs_due ON channel_jobs (state, available_at);
CREATE TABLE IF NOT EXISTS attempts (
  idempotency_key TEXT NOT NULL REFERENCES channel_jobs (idempotency_key),
  number          INTEGER NOT NULL,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  outcome         TEXT NOT NULL,
  error           TEXT,
  request_id      TEXT,
  PRIMARY KEY (idempotency_key, number)
) STRICT;
`;

type Row = Record<string, unknown>;

function optionalText(row: Row, key: string): string | undefined {
  const value = row[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw new TypeError(`column ${key} holds an unexpected ${typeof value}`);
}
function optionalInteger(row: Row, key: string): number | undefined {
  const value = optionalText(row, key);
  return value === undefined ? undefined : Number(value);
}
function text(row: Row, key: string): string {
  const value = optionalText(row, key);
  if (value === undefined) throw new TypeError(`column ${key} is null`);
  return value;
}
const integer = (row: Row, key: string): number => Number(text(row, key));
const iso = (epochMs: number): string => new Date(epochMs).toISOString();

const sleep = (ms: number, signal: { wake?: (() => void) | undefined }): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.wake = undefined;
      resolve();
    }
    signal.wake = done;
  });

/**
 * The embedded queue: deliveries, channel jobs and attempts in one SQLite file (WAL mode, full
 * sync), through Node's built-in `node:sqlite`.
 *
 * A job is claimed in an immediate transaction that marks it `sending` with a lease. When the
 * process dies mid-send the lease expires and the next claim (after a restart, or by another
 * process on the same file) takes the job again: the attempt is marked `interrupted` and the
 * message is sent again. That is the at-least-once window: a message the gateway accepted just
 * before the crash, but whose outcome was not yet recorded, goes out twice. Every other path
 * sends a channel at most once.
 */
export function createSqliteDeliveryQueue(options: SqliteDeliveryQueueOptions): DeliveryQueue {
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const logger = options.logger ?? silentRelayLogger;
  const outcomeWriteTimeoutMs = options.outcomeWriteTimeoutMs ?? Math.floor(leaseMs / 2);
  if (options.path !== ':memory:' && options.path !== '') {
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    // Alert content is stored here: owner only. SQLite gives the -wal and -shm files the same mode.
    if (!existsSync(options.path)) closeSync(openSync(options.path, 'a', 0o600));
    chmodSync(options.path, 0o600);
  }
  const db = new DatabaseSync(options.path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.exec('PRAGMA foreign_keys = ON');
  const version = integer(db.prepare('PRAGMA user_version').get() as Row, 'user_version');
  if (version > SCHEMA_VERSION) throw new Error(`${options.path} was written by a newer notify-relay (schema ${version}, this one knows ${SCHEMA_VERSION})`);
  db.exec(SCHEMA);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);

  const owner = randomUUID();
  // Read by the loop across awaits, so kept in an object.
  const lifecycle = { open: true, closing: false };
  let processor: JobProcessor | undefined;
  let loopDone: Promise<void> | undefined;
  const inFlight = new Set<Promise<void>>();
  // Jobs sent (or failed) whose outcome could not be written yet: no new claim while there are any.
  const unrecorded = new Set<string>();
  const waiter: { wake?: (() => void) | undefined } = {};
  const wake = (): void => {
    waiter.wake?.();
  };

  const statements = {
    deliveryByAlert: db.prepare('SELECT * FROM deliveries WHERE alert_id = ?'),
    insertDelivery: db.prepare('INSERT INTO deliveries (alert_id, delivery_id, severity, payload, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertJob: db.prepare(
      "INSERT INTO channel_jobs (idempotency_key, alert_id, channel, position, state, available_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
    ),
    jobsOfAlert: db.prepare('SELECT * FROM channel_jobs WHERE alert_id = ? ORDER BY position'),
    attemptsOfAlert: db.prepare(
      'SELECT a.* FROM attempts a JOIN channel_jobs j ON j.idempotency_key = a.idempotency_key WHERE j.alert_id = ? ORDER BY a.idempotency_key, a.number',
    ),
    dueJobs: db.prepare(`
      SELECT j.idempotency_key, j.channel, j.state, j.attempts, d.delivery_id, d.payload
      FROM channel_jobs j JOIN deliveries d ON d.alert_id = j.alert_id
      WHERE (j.state IN ('pending', 'retrying') AND j.available_at <= $now) OR (j.state = 'sending' AND j.lease_until <= $now)
      ORDER BY j.available_at, j.rowid
      LIMIT $limit`),
    interruptAttempt: db.prepare(
      "UPDATE attempts SET outcome = 'interrupted', finished_at = ?, error = ? WHERE idempotency_key = ? AND number = ? AND outcome = 'in-flight'",
    ),
    claimJob: db.prepare("UPDATE channel_jobs SET state = 'sending', attempts = ?, lease_until = ?, lease_owner = ?, updated_at = ? WHERE idempotency_key = ?"),
    insertAttempt: db.prepare("INSERT INTO attempts (idempotency_key, number, started_at, outcome) VALUES (?, ?, ?, 'in-flight')"),
    finishAttempt: db.prepare('UPDATE attempts SET outcome = ?, finished_at = ?, error = ?, request_id = ? WHERE idempotency_key = ? AND number = ?'),
    queueDepth: db.prepare("SELECT state, COUNT(*) AS count FROM channel_jobs WHERE state IN ('pending', 'sending', 'retrying') GROUP BY state"),
    recentDeliveries: db.prepare('SELECT alert_id FROM deliveries ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    recentDeliveriesInState: db.prepare(
      'SELECT d.alert_id FROM deliveries d WHERE EXISTS (SELECT 1 FROM channel_jobs j WHERE j.alert_id = d.alert_id AND j.state = ?) ORDER BY d.created_at DESC, d.rowid DESC LIMIT ?',
    ),
    resendJob: db.prepare(
      "UPDATE channel_jobs SET state = 'pending', reason = NULL, available_at = ?, lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE idempotency_key = ? AND state = 'failed' AND reason = 'ambiguous'",
    ),
    expiredDeliveries: db.prepare(
      "SELECT alert_id FROM deliveries d WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM channel_jobs j WHERE j.alert_id = d.alert_id AND j.state NOT IN ('sent', 'failed')) LIMIT 1000",
    ),
    deleteAttempts: db.prepare('DELETE FROM attempts WHERE idempotency_key IN (SELECT idempotency_key FROM channel_jobs WHERE alert_id = ?)'),
    deleteJobs: db.prepare('DELETE FROM channel_jobs WHERE alert_id = ?'),
    deleteDelivery: db.prepare('DELETE FROM deliveries WHERE alert_id = ?'),
    finishJob: db.prepare(
      "UPDATE channel_jobs SET state = ?, reason = ?, available_at = ?, lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE idempotency_key = ? AND lease_owner = ? AND state = 'sending'",
    ),
  };

  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // The failed statement may have ended the transaction already.
      }
      throw error;
    }
  }

  function readDelivery(alertId: string): DeliveryRecord | undefined {
    const delivery = statements.deliveryByAlert.get(alertId) as Row | undefined;
    if (delivery === undefined) return undefined;
    const attemptsByKey = new Map<string, AttemptRecord[]>();
    for (const row of statements.attemptsOfAlert.all(alertId) as Row[]) {
      const key = text(row, 'idempotency_key');
      const errorJson = optionalText(row, 'error');
      const finishedAt = optionalInteger(row, 'finished_at');
      const requestId = optionalText(row, 'request_id');
      const attempt: AttemptRecord = {
        number: integer(row, 'number'),
        startedAt: iso(integer(row, 'started_at')),
        ...(finishedAt === undefined ? {} : { finishedAt: iso(finishedAt) }),
        outcome: text(row, 'outcome') as AttemptOutcome,
        ...(errorJson === undefined ? {} : { error: JSON.parse(errorJson) as AttemptError }),
        ...(requestId === undefined ? {} : { requestId }),
      };
      attemptsByKey.set(key, [...(attemptsByKey.get(key) ?? []), attempt]);
    }
    const channels = (statements.jobsOfAlert.all(alertId) as Row[]).map((row): ChannelDelivery => {
      const key = text(row, 'idempotency_key');
      const state = text(row, 'state') as ChannelState;
      const reason = optionalText(row, 'reason') as FailureReason | undefined;
      return {
        channel: text(row, 'channel') as Channel,
        idempotencyKey: key,
        state,
        ...(reason === undefined ? {} : { reason }),
        ...(state === 'pending' || state === 'retrying' ? { nextAttemptAt: iso(integer(row, 'available_at')) } : {}),
        attempts: attemptsByKey.get(key) ?? [],
      };
    });
    return {
      deliveryId: text(delivery, 'delivery_id'),
      alertId,
      severity: text(delivery, 'severity'),
      createdAt: iso(integer(delivery, 'created_at')),
      channels,
    };
  }

  const retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;

  /** Deletes finished deliveries older than the retention window; returns how many. */
  function purge(now = Date.now()): number {
    let deleted = 0;
    for (;;) {
      const batch = transaction(() => {
        const ids = (statements.expiredDeliveries.all(now - retentionMs) as Row[]).map((row) => text(row, 'alert_id'));
        for (const id of ids) {
          statements.deleteAttempts.run(id);
          statements.deleteJobs.run(id);
          statements.deleteDelivery.run(id);
        }
        return ids.length;
      });
      deleted += batch;
      if (batch < 1000) break;
    }
    if (deleted > 0) logger.info('deleted deliveries past the retention window', { deleted, retentionMs });
    return deleted;
  }

  function claim(limit: number): ClaimedJob[] {
    const now = Date.now();
    return transaction(() => {
      const rows = statements.dueJobs.all({ now, limit }) as Row[];
      return rows.map((row): ClaimedJob => {
        const key = text(row, 'idempotency_key');
        const previousAttempts = integer(row, 'attempts');
        if (text(row, 'state') === 'sending') {
          const error: AttemptError = {
            code: 'LEASE_EXPIRED',
            message: 'the worker holding this job stopped before recording an outcome; sending again (at-least-once)',
          };
          statements.interruptAttempt.run(now, JSON.stringify(error), key, previousAttempts);
          logger.warn('re-queued a job whose lease expired', { idempotencyKey: key, attempt: previousAttempts });
        }
        const attempt = previousAttempts + 1;
        statements.claimJob.run(attempt, now + leaseMs, owner, now, key);
        statements.insertAttempt.run(key, attempt, now);
        return {
          idempotencyKey: key,
          deliveryId: text(row, 'delivery_id'),
          alert: JSON.parse(text(row, 'payload')) as Alert,
          channel: text(row, 'channel') as Channel,
          attempt,
        };
      });
    });
  }

  function finish(job: ClaimedJob, outcome: JobOutcome): void {
    // After close() a late send keeps its lease; it is recovered on the next start.
    if (!lifecycle.open) return;
    const now = Date.now();
    transaction(() => {
      const error = outcome.kind === 'sent' ? null : JSON.stringify(outcome.error);
      const requestId = outcome.kind === 'sent' ? (outcome.requestId ?? null) : (outcome.error.requestId ?? null);
      statements.finishAttempt.run(outcome.kind, now, error, requestId, job.idempotencyKey, job.attempt);
      const state: ChannelState = outcome.kind === 'sent' ? 'sent' : outcome.kind === 'retry' ? 'retrying' : 'failed';
      const reason = outcome.kind === 'failed' ? outcome.reason : null;
      const availableAt = outcome.kind === 'retry' ? outcome.retryAt : now;
      const result = statements.finishJob.run(state, reason, availableAt, now, job.idempotencyKey, owner);
      if (Number(result.changes) === 0) logger.warn('lost the lease of a job before recording its outcome', { idempotencyKey: job.idempotencyKey });
    });
  }

  async function run(job: ClaimedJob, jobProcessor: JobProcessor): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await jobProcessor(job);
    } catch (error) {
      outcome = { kind: 'failed', reason: 'ambiguous', error: { code: 'PROCESSOR_ERROR', message: error instanceof Error ? error.message : String(error) } };
    }
    await record(job, outcome);
  }

  /**
   * Writes the outcome, retrying while the write fails. The outcome exists only in this process:
   * giving up would leave the job `sending` until its lease expires and it is sent again. So the
   * worker keeps it, claims nothing new meanwhile, and says when it stopped taking work.
   */
  async function record(job: ClaimedJob, outcome: JobOutcome): Promise<void> {
    const started = Date.now();
    let delay = 50;
    let stoppedReported = false;
    for (let tries = 1; ; tries += 1) {
      try {
        finish(job, outcome);
        if (tries > 1) {
          unrecorded.delete(job.idempotencyKey);
          logger.info('recorded an outcome after retrying', { idempotencyKey: job.idempotencyKey, tries, ...(unrecorded.size === 0 ? { resumed: true } : {}) });
        }
        return;
      } catch (error) {
        if (!lifecycle.open) return;
        if (tries === 1) {
          unrecorded.add(job.idempotencyKey);
          logger.error('could not record an outcome; retrying, and taking no new work until it is written', {
            idempotencyKey: job.idempotencyKey,
            outcome: outcome.kind,
            error: String(error),
          });
        }
        if (!stoppedReported && Date.now() - started >= outcomeWriteTimeoutMs) {
          stoppedReported = true;
          logger.error('stopped taking work: an outcome could not be written (disk full or database locked?); still retrying every second', {
            idempotencyKey: job.idempotencyKey,
            unrecorded: unrecorded.size,
            error: String(error),
          });
        }
        await new Promise((resolve) => setTimeout(resolve, stoppedReported ? 1_000 : delay));
        delay = Math.min(delay * 2, 1_000);
      }
    }
  }

  async function loop(jobProcessor: JobProcessor): Promise<void> {
    let nextPurge = 0;
    while (!lifecycle.closing) {
      if (Date.now() >= nextPurge) {
        nextPurge = Date.now() + Math.min(3_600_000, Math.max(1_000, Math.floor(retentionMs / 10)));
        try {
          purge();
        } catch (error) {
          logger.error('could not delete expired deliveries; retried later', { error: String(error) });
        }
      }
      const free = concurrency - inFlight.size;
      if (free > 0 && unrecorded.size === 0) {
        try {
          for (const job of claim(free)) {
            const running = run(job, jobProcessor).finally(() => {
              inFlight.delete(running);
              wake();
            });
            inFlight.add(running);
          }
        } catch (error) {
          logger.error('could not claim jobs', { error: String(error) });
        }
      }
      await sleep(pollIntervalMs, waiter);
    }
  }

  return {
    kind: 'sqlite',
    submit: (submission: DeliverySubmission): Promise<SubmitResult> => {
      const { alert } = submission;
      const status = transaction((): SubmitResult['status'] => {
        const existing = statements.deliveryByAlert.get(alert.id) as Row | undefined;
        if (existing !== undefined) return text(existing, 'fingerprint') === submission.fingerprint ? 'existing' : 'conflict';
        statements.insertDelivery.run(alert.id, submission.deliveryId, alert.severity, JSON.stringify(alert), submission.fingerprint, submission.createdAt);
        submission.channels.forEach((channel, position) => {
          statements.insertJob.run(idempotencyKey(alert.id, channel), alert.id, channel, position, submission.createdAt, submission.createdAt);
        });
        return 'created';
      });
      if (status === 'created') wake();
      const delivery = readDelivery(alert.id);
      if (delivery === undefined) throw new Error(`delivery of alert ${alert.id} vanished after it was stored`);
      return Promise.resolve({ status, delivery });
    },
    get: (alertId) => Promise.resolve(readDelivery(alertId)),
    list: (query: DeliveryListQuery) => {
      const rows = (
        query.state === undefined ? statements.recentDeliveries.all(query.limit) : statements.recentDeliveriesInState.all(query.state, query.limit)
      ) as Row[];
      return Promise.resolve(rows.map((row) => readDelivery(text(row, 'alert_id'))).filter((delivery): delivery is DeliveryRecord => delivery !== undefined));
    },
    queueDepth: () => {
      const counts: Record<OpenChannelState, number> = { pending: 0, sending: 0, retrying: 0 };
      for (const row of statements.queueDepth.all() as Row[]) counts[text(row, 'state') as OpenChannelState] = integer(row, 'count');
      return Promise.resolve(counts);
    },
    resend: (alertId: string, channel: Channel): Promise<ResendResult> => {
      const now = Date.now();
      const changed = transaction(() => Number(statements.resendJob.run(now, now, idempotencyKey(alertId, channel)).changes));
      const delivery = readDelivery(alertId);
      if (delivery?.channels.some((entry) => entry.channel === channel) !== true) return Promise.resolve({ status: 'not_found' });
      if (changed === 0) return Promise.resolve({ status: 'not_ambiguous', delivery });
      logger.warn('resending an ambiguous channel on request', { idempotencyKey: idempotencyKey(alertId, channel) });
      wake();
      return Promise.resolve({ status: 'queued', delivery });
    },
    start: (jobProcessor) => {
      if (processor !== undefined) throw new Error('the queue was started already');
      processor = jobProcessor;
      loopDone = loop(jobProcessor);
      return Promise.resolve();
    },
    close: async (closeOptions: QueueCloseOptions = {}) => {
      if (!lifecycle.open || lifecycle.closing) return;
      lifecycle.closing = true;
      wake();
      await loopDone;
      const graceMs = closeOptions.graceMs ?? 15_000;
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          Promise.allSettled([...inFlight]).then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => {
              resolve(false);
            }, graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (!finished) logger.warn('closing with sends in flight; they are recovered after their lease expires', { inFlight: inFlight.size });
      }
      lifecycle.open = false;
      db.close();
    },
  };
}
