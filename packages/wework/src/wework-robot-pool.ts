import { BkError, ValidationError } from '@x/errors';

/** Robot clients a WeWork client keeps open at most, by default (`maxRobots`). */
export const DEFAULT_MAX_ROBOTS = 64;

/** Milliseconds a robot client may stay unused before it is closed, by default (`robotIdleTimeout`): 5 minutes. */
export const DEFAULT_ROBOT_IDLE_TIMEOUT = 300_000;

// Node's timers hold at most 2^31 - 1 ms; a longer delay fires at once (TimeoutOverflowWarning).
const longestTimeout = 2_147_483_647;

/** What a pooled robot must offer: closing it. */
export interface Closable {
  close(): Promise<void>;
}

/** The bounds of a {@link RobotPool}. */
export interface RobotPoolLimits {
  /** Robots kept at most; using one more evicts the least recently used. */
  readonly maxRobots: number;
  /** Milliseconds after its last call settled at which an unused robot is closed and dropped. */
  readonly idleTimeout: number;
}

function invalidSetting(name: string, message: string): ValidationError {
  return new ValidationError({ message: `${name} ${message}`, issues: [{ path: [name], message, code: 'invalid_setting' }] });
}

/**
 * The pool limits for these settings, defaults applied.
 * @throws ValidationError naming `maxRobots` or `robotIdleTimeout` when one is not a usable number.
 */
export function robotPoolLimits(settings: { readonly maxRobots?: number | undefined; readonly robotIdleTimeout?: number | undefined }): RobotPoolLimits {
  const { maxRobots = DEFAULT_MAX_ROBOTS, robotIdleTimeout = DEFAULT_ROBOT_IDLE_TIMEOUT } = settings;
  if (!Number.isInteger(maxRobots) || maxRobots < 1) throw invalidSetting('maxRobots', 'must be a whole number of at least 1');
  if (!Number.isFinite(robotIdleTimeout) || robotIdleTimeout <= 0 || robotIdleTimeout > longestTimeout) {
    throw invalidSetting('robotIdleTimeout', `must be a number of milliseconds above 0 and at most ${longestTimeout}`);
  }
  return { maxRobots, idleTimeout: robotIdleTimeout };
}

/** The error of a robot call after the WeWork client was closed (the core's words for a closed client). */
export function robotClientClosed(): BkError {
  return new BkError({ message: 'The client is closed; wework.robot_send was not called' });
}

interface Entry<Robot> {
  readonly robot: Robot;
  /** Calls started on the robot and not settled yet. */
  inFlight: number;
  /** `performance.now()` when its last call settled (or when it was created). */
  lastUsed: number;
}

/**
 * Robot clients by webhook URL, bounded: at most `maxRobots` kept (least recently used evicted
 * first), and one unused for `idleTimeout` closed and dropped. A robot is never closed under a
 * call: an evicted robot with calls in flight is closed when the last one settles. The idle timer
 * is `unref()`ed (it never keeps a process alive) and runs only while an idle robot waits.
 */
export class RobotPool<Robot extends Closable> {
  /** Kept robots in least-recently-used order (a use moves its robot to the end). */
  readonly #entries = new Map<string, Entry<Robot>>();
  /** Evicted robots still finishing calls; each closes after its last one. */
  readonly #draining = new Set<Entry<Robot>>();
  /** Closes started and not finished, awaited by {@link close}. */
  readonly #closing = new Set<Promise<void>>();
  readonly #limits: RobotPoolLimits;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(limits: RobotPoolLimits) {
    this.#limits = limits;
  }

  /** Robot clients open: the kept ones plus evicted ones still finishing a call. */
  get size(): number {
    return this.#entries.size + this.#draining.size;
  }

  /**
   * Runs `send` on the robot of `url`, created by `create` when none is kept, and keeps it as the
   * most recently used.
   * @throws BkError when the pool is closed (nothing is created or sent).
   */
  async use<Result>(url: string, create: () => Robot, send: (robot: Robot) => Promise<Result>): Promise<Result> {
    if (this.#closed) throw robotClientClosed();
    let entry = this.#entries.get(url);
    if (entry === undefined) entry = { robot: create(), inFlight: 0, lastUsed: performance.now() };
    else this.#entries.delete(url);
    this.#entries.set(url, entry);
    entry.inFlight += 1;
    this.#evictOverLimit();
    try {
      return await send(entry.robot);
    } finally {
      this.#settled(url, entry);
    }
  }

  /** Closes every robot, those finishing calls included, and stops the idle timer. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const open = [...this.#entries.values(), ...this.#draining];
    this.#entries.clear();
    this.#draining.clear();
    for (const entry of open) this.#closeRobot(entry);
    await Promise.all(this.#closing);
  }

  #evictOverLimit(): void {
    for (const [url, oldest] of this.#entries) {
      if (this.#entries.size <= this.#limits.maxRobots) return;
      this.#entries.delete(url);
      if (oldest.inFlight === 0) this.#closeRobot(oldest);
      else this.#draining.add(oldest);
    }
  }

  #settled(url: string, entry: Entry<Robot>): void {
    entry.inFlight -= 1;
    entry.lastUsed = performance.now();
    if (entry.inFlight > 0 || this.#closed) return;
    if (this.#draining.delete(entry)) this.#closeRobot(entry);
    else if (this.#entries.get(url) === entry) this.#scheduleIdleSweep();
  }

  /**
   * Arms the timer for the earliest idle deadline. An armed timer is left alone: deadlines only
   * grow (a robot settling now expires after every robot that settled before it), so it fires no
   * later than any new one, and each sweep arms the next.
   */
  #scheduleIdleSweep(): void {
    if (this.#timer !== undefined || this.#closed) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries.values()) if (entry.inFlight === 0) earliest = Math.min(earliest, entry.lastUsed + this.#limits.idleTimeout);
    if (earliest === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(1, Math.ceil(earliest - performance.now()));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#closeIdle();
      this.#scheduleIdleSweep();
    }, delay);
    this.#timer.unref();
  }

  #closeIdle(): void {
    const now = performance.now();
    for (const [url, entry] of this.#entries) {
      if (entry.inFlight === 0 && now - entry.lastUsed >= this.#limits.idleTimeout) {
        this.#entries.delete(url);
        this.#closeRobot(entry);
      }
    }
  }

  #closeRobot(entry: Entry<Robot>): void {
    // Closing a core client only fails if its pool does; the robot is dropped either way, and
    // nobody waits on an eviction to hear of it.
    const closing = entry.robot.close().catch(() => undefined);
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
  }
}
