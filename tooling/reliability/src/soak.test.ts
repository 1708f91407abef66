import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createBkdata } from '@x/bkdata';
import type { BkdataClient } from '@x/bkdata';
import { createCmsi } from '@x/cmsi';
import type { CmsiClient } from '@x/cmsi';
import type { Logger, RetryPolicy } from '@x/core-client';
import { ApiRequestError, BkError, RetryError } from '@x/errors';
import type { SandboxFault } from '@x/sandbox';
import { createUnifyQuery } from '@x/unify-query';
import type { UnifyQueryClient } from '@x/unify-query';
import { createWework } from '@x/wework';
import type { WeworkClient } from '@x/wework';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from './support/seeded-random.js';
import type { SeededRandom } from './support/seeded-random.js';
import { openTcpSockets, settledHeapUsed, waitFor } from './support/settle.js';
import { startSoakSandbox } from './support/soak-sandbox.js';
import type { SoakSandbox } from './support/soak-sandbox.js';
import { trackClientSockets } from './support/socket-tracker.js';
import type { SocketTracker } from './support/socket-tracker.js';

// ---------------------------------------------------------------------------------------------
// The run. CI always runs the full 20,000 calls; RELIABILITY_SOAK_CALLS scales a local run down.

const FULL_CALLS = 20_000;
const requestedCalls = Number(process.env.RELIABILITY_SOAK_CALLS ?? FULL_CALLS);
const CALLS = process.env.CI === 'true' || !Number.isInteger(requestedCalls) || requestedCalls <= 0 ? FULL_CALLS : requestedCalls;
const SEED = Number(process.env.RELIABILITY_SOAK_SEED ?? 0x5eed);
const WARM_UP_CALLS = Math.max(400, Math.round(CALLS * 0.025));
/** Sequential lanes run side by side; each has its own gateway stage, so a fault hits exactly its call. */
const LANES = 24;
const FAULT_RATE = 0.1;
const TIMEOUT_MS = 1_000;
/** A latency spike lasts past the per-attempt timeout. */
const SPIKE_MS = 2_000;
const ATTEMPTS = 4;
const RETRY: RetryPolicy = {
  attempts: ATTEMPTS,
  backoff: { initialDelay: 5, factor: 2, maxDelay: 40, jitter: true },
  // The sandbox answers `Retry-After: 1`; honoured but capped so the run stays short.
  maxRetryAfter: 25,
  // 500 is not retried by default; the fault mix includes it, and a read may repeat it safely.
  statuses: [429, 500, 502, 503, 504],
};

// ---------------------------------------------------------------------------------------------
// Faults

interface FaultChoice {
  /** How the README's fault mix names it. */
  readonly label: string;
  readonly weight: number;
  readonly fault: SandboxFault;
  /** The error an attempt meeting this fault ends in, as `describe()` writes it. */
  readonly failure: string;
  /** Whether the core's retry policy may repeat an idempotent read after it. */
  readonly retryable: boolean;
}

const FAULTS: readonly FaultChoice[] = [
  ...[500, 502, 503, 504].map((status) => ({
    label: `HTTP ${status}`,
    weight: 1,
    fault: { kind: 'status', status } as const,
    failure: `ApiRequestError:http-status:${status}`,
    retryable: true,
  })),
  { label: '429 + Retry-After', weight: 1, fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, failure: 'ApiRequestError:http-status:429', retryable: true },
  { label: 'connection reset', weight: 1, fault: { kind: 'reset' }, failure: 'ApiRequestError:network', retryable: true },
  { label: 'malformed JSON', weight: 1, fault: { kind: 'malformed-json' }, failure: 'ApiRequestError:invalid-json', retryable: true },
  ...[500, 502, 503, 504].map((status) => ({
    label: 'HTML error page',
    weight: 0.25,
    fault: { kind: 'html', status } as const,
    failure: `ApiRequestError:http-status:${status}`,
    retryable: true,
  })),
  { label: 'latency spike past the timeout', weight: 1, fault: { kind: 'latency', ms: SPIKE_MS }, failure: 'ApiRequestError:timeout', retryable: true },
];

// ---------------------------------------------------------------------------------------------
// Clients and operations

interface LaneClients {
  readonly cmsi: CmsiClient;
  readonly wework: WeworkClient;
  readonly bkdata: BkdataClient;
  readonly unifyQuery: UnifyQueryClient;
  chatid: string;
}

interface Lane {
  readonly name: string;
  /** Matches every request of this lane and nothing else: the lane is sequential, so its one call. */
  readonly route: string | RegExp;
  readonly clients: LaneClients;
}

type OperationKind = 'read' | 'send';

interface Operation {
  readonly name: string;
  readonly kind: OperationKind;
  readonly weight: number;
  /** unify-query has no stage in its path: its calls run in one lane per path. */
  readonly unifyPath?: string;
  readonly run: (clients: LaneClients, marker: string, index: number) => Promise<unknown>;
  readonly check: (data: unknown) => boolean;
}

const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);

const OPERATIONS: readonly Operation[] = [
  {
    name: 'cmsi.getMsgType',
    kind: 'read',
    weight: 22,
    run: async ({ cmsi }) => cmsi.getMsgType(),
    // The ESB's get_msg_type lists weixin, mail, sms and voice (toolkit/configs.py `msg_type`); the
    // sandbox answers so since @x/sandbox's CMSI fidelity change (it listed wecom_robot too: 5).
    check: (data) => isArray(data) && data.length === 4 && data.every((channel) => typeof field(channel, 'type') === 'string'),
  },
  {
    name: 'bkdata.access.listRawData',
    kind: 'read',
    weight: 12,
    run: async ({ bkdata }, _marker, index) => bkdata.access.listRawData({ bk_biz_id: 2, page: 1 + (index % 5), pagesize: 10 }),
    check: (data) => isArray(field(data, 'results')) && typeof field(data, 'count') === 'number',
  },
  {
    name: 'bkdata.databus.getResultTable',
    kind: 'read',
    weight: 12,
    run: async ({ bkdata }) => bkdata.databus.getResultTable({ result_table_id: '2_bklog_nginx_access' }),
    // bk-base answers the bus config (`get_databus_rt_info`), keyed `rt.id`, as @x/bkdata now models it.
    check: (data) => field(data, 'rt.id') === '2_bklog_nginx_access',
  },
  {
    name: 'bkdata.query.sql',
    kind: 'read',
    weight: 6,
    run: async ({ bkdata }) => bkdata.query.sql('SELECT level, COUNT(*) AS n FROM 2_bklog_audit GROUP BY level'),
    check: (data) => isArray(field(data, 'list')),
  },
  {
    name: 'unifyQuery.queryTsRaw',
    kind: 'read',
    weight: 2.5,
    unifyPath: '/api/bk-unify-query/query/ts/raw/',
    run: async ({ unifyQuery }) => unifyQuery.queryTsRaw({ query_list: [{ table_id: 'bklog_index_set_44', query_string: '*' }], limit: 5 }),
    check: (data) => isArray(field(data, 'list')),
  },
  {
    name: 'unifyQuery.queryTsReference',
    kind: 'read',
    weight: 2,
    unifyPath: '/api/bk-unify-query/query/ts/reference/',
    run: async ({ unifyQuery }) =>
      unifyQuery.queryTsReference({ query_list: [{ table_id: 'bklog_index_set_44', query_string: '*', function: [{ method: 'count' }] }] }),
    check: (data) => isArray(field(data, 'series')),
  },
  {
    name: 'unifyQuery.queryTs',
    kind: 'read',
    weight: 1.5,
    unifyPath: '/api/bk-unify-query/query/ts/',
    run: async ({ unifyQuery }) =>
      unifyQuery.queryTs({ query_list: [{ table_id: 'bklog_index_set_44', query_string: 'level:error', function: [{ method: 'count' }] }], step: '1h' }),
    check: (data) => isArray(field(data, 'series')),
  },
  {
    name: 'unifyQuery.queryFieldMap',
    kind: 'read',
    weight: 2,
    unifyPath: '/api/bk-unify-query/query/ts/info/field_map/',
    run: async ({ unifyQuery }) => unifyQuery.queryFieldMap({ table_id: 'bklog_index_set_44' }),
    check: (data) => isArray(field(data, 'data')),
  },
  {
    name: 'cmsi.sendMail',
    kind: 'send',
    weight: 15,
    run: async ({ cmsi }, marker) => cmsi.sendMail({ receivers: ['admin', 'alice'], title: 'soak', content: `mail ${marker}` }),
    check: () => true,
  },
  {
    name: 'cmsi.sendSms',
    kind: 'send',
    weight: 12,
    run: async ({ cmsi }, marker) => cmsi.sendSms({ receivers: 'admin', content: `sms ${marker}` }),
    check: () => true,
  },
  {
    name: 'wework.sendAppchat',
    kind: 'send',
    weight: 13,
    run: async ({ wework, chatid }, marker) => wework.sendText(chatid, `chat ${marker}`),
    check: (data) => field(data, 'errcode') === 0 || field(data, 'errcode') === undefined,
  },
];

// ---------------------------------------------------------------------------------------------
// The plan: one operation and the faults of its consecutive attempts per call, fixed by the seed.

interface PlannedCall {
  readonly index: number;
  readonly operation: Operation;
  readonly faults: readonly FaultChoice[];
}

function planCalls(count: number, random: SeededRandom): PlannedCall[] {
  const calls: PlannedCall[] = [];
  for (let index = 0; index < count; index += 1) {
    const operation = random.weighted(OPERATIONS);
    const faults: FaultChoice[] = [];
    // A send is never repeated after it may have been received, so only its first attempt matters.
    const reachable = operation.kind === 'read' ? ATTEMPTS : 1;
    while (faults.length < reachable && random.next() < FAULT_RATE) {
      const choice = random.weighted(FAULTS);
      faults.push(choice);
      if (!choice.retryable) break;
    }
    calls.push({ index, operation, faults });
  }
  return calls;
}

/** What the call should end in, given its planned faults and the retry policy. */
function expectedOutcome(call: PlannedCall): string {
  const { faults } = call;
  if (faults.length === 0) return 'data';
  if (call.operation.kind === 'send') return faults[0]?.failure ?? 'data';
  const fatal = faults.findIndex((choice) => !choice.retryable);
  if (fatal === 0) return faults[0]?.failure ?? '';
  if (fatal > 0) return `RetryError(errorNotRetryable):${faults[fatal]?.failure ?? ''}`;
  if (faults.length >= ATTEMPTS) return `RetryError(maxAttemptsExceeded):${faults.at(-1)?.failure ?? ''}`;
  return 'data';
}

function describeError(error: unknown): string {
  if (RetryError.isInstance(error)) return `RetryError(${error.reason}):${describeError(error.lastError)}`;
  if (ApiRequestError.isInstance(error)) return `ApiRequestError:${error.failure}${error.failure === 'http-status' ? `:${error.status ?? '?'}` : ''}`;
  if (BkError.isInstance(error)) return `${error.name}:${error.code}`;
  return `untyped:${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

// ---------------------------------------------------------------------------------------------
// What the run found

const Status = { pending: 0, data: 1, badData: 2, typedError: 3, untypedError: 4, hung: 5 } as const;

interface SoakReport {
  readonly calls: number;
  readonly plan: readonly PlannedCall[];
  readonly status: Int8Array;
  readonly failures: Map<number, string>;
  /** What a failed send's ApiRequestError tells its caller about resending. */
  readonly sendErrors: Map<number, { readonly requestSent: boolean | undefined; readonly retryAfterMs: number | undefined }>;
  /** Requests the sandbox received per send call, and messages its outbox took per send call. */
  readonly sendRequests: Uint16Array;
  readonly outboxMessages: Uint16Array;
  readonly requests: number;
  readonly unhandled: string[];
  readonly heapAfterWarmUp: number;
  readonly heapAfterRun: number;
  readonly socketsOpened: number;
  readonly socketsOpenAfterClose: number;
  readonly tcpBaseline: number;
  readonly tcpAfterClose: number;
  readonly callRecords: number;
  readonly durationMs: number;
}

let report: SoakReport | undefined;
let sandbox: SoakSandbox | undefined;

function soak(): SoakReport {
  if (report === undefined) throw new Error('the soak did not run (see the beforeAll error)');
  return report;
}

/** A logger that counts call records without keeping them (the soak must not hold 20,000 records). */
function countingLogger(): Logger & { callRecords: number } {
  const counter = {
    callRecords: 0,
    debug: () => undefined,
    info: (record: Record<string, unknown>) => {
      if (record.event === 'bk-api-call') counter.callRecords += 1;
    },
    warn: () => undefined,
    error: (record: Record<string, unknown>) => {
      if (record.event === 'bk-api-call') counter.callRecords += 1;
    },
  };
  return counter;
}

async function runSoak(): Promise<SoakReport> {
  const started = performance.now();
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(describeError(reason));
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);

  // The sandbox runs in a worker thread: the server gets the second core, and this thread's heap
  // (the one measured) holds the clients only.
  const box = await startSoakSandbox({ seed: SEED, recordCount: 3_000 }, 'soak#(\\d+)#');
  sandbox = box;
  const tcpBaseline = openTcpSockets();
  const tracker: SocketTracker = trackClientSockets();
  const logger = countingLogger();
  const common = {
    appCode: box.credentials.appCode,
    appSecret: box.credentials.appSecret,
    username: 'admin',
    timeout: TIMEOUT_MS,
    retry: RETRY,
    logger,
    tracer: false,
  } as const;
  const unifyQuery = createUnifyQuery({ ...common, baseUrl: box.roots.gateway.unifyQuery });

  const stageClients = (stage: string): LaneClients => ({
    cmsi: createCmsi({ ...common, apiHost: box.apiHost, gatewayMode: 'gateway', stage, cacheTtl: 0 }),
    wework: createWework({ ...common, apiHost: box.apiHost, gatewayMode: 'gateway', stage }),
    bkdata: createBkdata({ ...common, apiHost: box.apiHost, gatewayMode: 'gateway', stage }),
    unifyQuery,
    chatid: '',
  });
  const lanes: Lane[] = Array.from({ length: LANES }, (_unused, number) => {
    const stage = `lane${number}`;
    return { name: stage, route: `/${stage}/`, clients: stageClients(stage) };
  });
  const unifyLanes = new Map<string, Lane>();
  for (const operation of OPERATIONS) {
    if (operation.unifyPath === undefined) continue;
    const escaped = operation.unifyPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    unifyLanes.set(operation.unifyPath, { name: operation.name, route: new RegExp(`^${escaped}$`), clients: stageClients('unify') });
  }
  const allLanes = [...lanes, ...unifyLanes.values()];
  for (const lane of allLanes) {
    const created = await lane.clients.wework.createAppchat({ name: `soak ${lane.name}`, userlist: ['admin', 'alice'] });
    lane.clients.chatid = created.chatid;
  }

  const plan = planCalls(CALLS, createSeededRandom(SEED));
  const warmUp = planCalls(WARM_UP_CALLS, createSeededRandom(SEED ^ 0xa11));
  const status = new Int8Array(CALLS);
  const failures = new Map<number, string>();
  const sendErrors: SoakReport['sendErrors'] = new Map();
  const execute = async (lane: Lane, call: PlannedCall, record: boolean): Promise<void> => {
    const handles = call.faults.length === 0 ? [] : await box.inject(call.faults.map((choice) => ({ ...choice.fault, route: lane.route, times: 1 })));
    let watchdog: NodeJS.Timeout | undefined;
    try {
      const marker = record ? `soak#${call.index}#` : `warm-${call.index}`;
      const hung = new Promise<'hung'>((resolve) => {
        watchdog = setTimeout(() => {
          resolve('hung');
        }, 60_000);
      });
      const data = await Promise.race([call.operation.run(lane.clients, marker, call.index), hung]);
      if (!record) return;
      if (data === 'hung') status[call.index] = Status.hung;
      else status[call.index] = call.operation.check(data) ? Status.data : Status.badData;
    } catch (error) {
      if (!record) return;
      status[call.index] = BkError.isInstance(error) ? Status.typedError : Status.untypedError;
      failures.set(call.index, describeError(error));
      if (call.operation.kind === 'send' && ApiRequestError.isInstance(error))
        sendErrors.set(call.index, { requestSent: error.requestSent, retryAfterMs: error.retryAfterMs });
    } finally {
      clearTimeout(watchdog);
      if (handles.length > 0) await box.remove(handles);
    }
  };

  const laneOf = (call: PlannedCall, position: number): Lane => {
    const lane = call.operation.unifyPath === undefined ? lanes[position % LANES] : unifyLanes.get(call.operation.unifyPath);
    if (lane === undefined) throw new Error(`no lane for ${call.operation.name}`);
    return lane;
  };
  const runPlan = async (calls: readonly PlannedCall[], record: boolean): Promise<void> => {
    const queues = new Map<Lane, PlannedCall[]>();
    calls.forEach((call, position) => {
      const lane = laneOf(call, position);
      const queue = queues.get(lane) ?? [];
      queue.push(call);
      queues.set(lane, queue);
    });
    await Promise.all(
      [...queues].map(async ([lane, queue]) => {
        for (const call of queue) await execute(lane, call, record);
      }),
    );
  };

  // Warm-up: every operation and fault kind once through the JIT, pools and lazy sandbox state.
  await runPlan(warmUp, false);
  await delay(SPIKE_MS + 500);
  await box.startCounting();
  const heapAfterWarmUp = await settledHeapUsed();

  logger.callRecords = 0;
  await runPlan(plan, true);
  // Sends that met a latency spike reach their handler after the client gave up on them.
  await delay(SPIKE_MS + 500);
  const counts = await box.counts();
  const sendRequests = new Uint16Array(CALLS);
  const outboxMessages = new Uint16Array(CALLS);
  for (const [index, count] of counts.sendRequests) sendRequests[index] = count;
  for (const [index, count] of counts.outboxMessages) outboxMessages[index] = count;
  const callRecords = logger.callRecords;
  const heapAfterRun = await settledHeapUsed();

  const closing = new Set<Promise<void>>();
  for (const lane of allLanes) {
    closing.add(lane.clients.cmsi.close());
    closing.add(lane.clients.wework.close());
    closing.add(lane.clients.bkdata.close());
  }
  closing.add(unifyQuery.close());
  await Promise.all(closing);
  await waitFor(() => tracker.open() === 0 && openTcpSockets() <= tcpBaseline, 5_000);
  const socketsOpenAfterClose = tracker.open();
  const tcpAfterClose = openTcpSockets();
  tracker.stop();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);

  return {
    calls: CALLS,
    plan,
    status,
    failures,
    sendErrors,
    sendRequests,
    outboxMessages,
    requests: counts.requests,
    unhandled,
    heapAfterWarmUp,
    heapAfterRun,
    socketsOpened: tracker.opened(),
    socketsOpenAfterClose,
    tcpBaseline,
    tcpAfterClose,
    callRecords,
    durationMs: performance.now() - started,
  };
}

function readsOf(run: SoakReport, filter: (call: PlannedCall) => boolean = () => true): { total: number; succeeded: number } {
  const reads = run.plan.filter((call) => call.operation.kind === 'read' && filter(call));
  return { total: reads.length, succeeded: reads.filter((call) => run.status[call.index] === Status.data).length };
}

/** The figures the README's Reliability section quotes: printed, and written next to the test results. */
function writeFigures(run: SoakReport): void {
  const sends = run.plan.filter((call) => call.operation.kind === 'send');
  const reads = readsOf(run);
  const retryableReads = readsOf(run, (call) => call.faults.every((choice) => choice.retryable));
  const faultyCalls = run.plan.filter((call) => call.faults.length > 0).length;
  const mix: Record<string, number> = {};
  for (const call of run.plan) for (const choice of call.faults) mix[choice.label] = (mix[choice.label] ?? 0) + 1;
  const figures = {
    node: process.version,
    seed: SEED,
    calls: run.calls,
    lanes: LANES + OPERATIONS.filter((operation) => operation.unifyPath !== undefined).length,
    requests: run.requests,
    callsWithFaults: faultyCalls,
    faultRate: faultyCalls / run.calls,
    injectedFaults: Object.values(mix).reduce((sum, count) => sum + count, 0),
    faultMix: mix,
    reads: reads.total,
    readSuccessRate: reads.succeeded / reads.total,
    readSuccessRateRetryableFaults: retryableReads.succeeded / retryableReads.total,
    sends: sends.length,
    sendsSucceeded: sends.filter((call) => run.status[call.index] === Status.data).length,
    duplicateSends: sends.filter((call) => (run.outboxMessages[call.index] ?? 0) > 1 || (run.sendRequests[call.index] ?? 0) > 1).length,
    heapAfterWarmUpMiB: Math.round((run.heapAfterWarmUp / 1_048_576) * 10) / 10,
    heapAfterRunMiB: Math.round((run.heapAfterRun / 1_048_576) * 10) / 10,
    heapDelta: (run.heapAfterRun - run.heapAfterWarmUp) / run.heapAfterWarmUp,
    socketsOpened: run.socketsOpened,
    socketsOpenAfterClose: run.socketsOpenAfterClose,
    durationSeconds: Math.round(run.durationMs / 100) / 10,
  };
  const folder = join(import.meta.dirname, '..', '.test-results');
  mkdirSync(folder, { recursive: true });
  // Not `.json`: tooling/scripts/test-totals.mjs reads every .json there as a vitest report.
  const label = process.env.X_TEST_NODE_LABEL ?? `node${process.versions.node.split('.')[0] ?? ''}`;
  writeFileSync(join(folder, `soak-figures-${label}.txt`), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`[soak] ${JSON.stringify(figures)}`);
}

describe(`soak: ${CALLS} calls through the sandbox with ${FAULT_RATE * 100}% injected faults (seed ${SEED})`, () => {
  // Two to three minutes alone on two cores; the limit leaves room for a CI run sharing them.
  beforeAll(async () => {
    report = await runSoak();
    writeFigures(report);
  }, 540_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  it('ends every call in data or a typed @x/errors error, and logs one record per call', () => {
    const run = soak();
    const untyped = [...run.failures].filter(([index]) => run.status[index] === Status.untypedError);
    expect(untyped.map(([index, failure]) => `#${index}: ${failure}`).join('\n')).toBe('');
    expect([...run.status].filter((value) => value === Status.pending || value === Status.hung)).toHaveLength(0);
    expect([...run.status].filter((value) => value === Status.badData)).toHaveLength(0);
    expect(run.callRecords).toBe(run.calls);
  });

  it('raises no unhandled rejection or uncaught exception', () => {
    expect(soak().unhandled).toEqual([]);
  });

  it('ends each call as its seeded faults and the retry policy say (a spike past the timeout may add a retry, never a different failure)', () => {
    const run = soak();
    const mismatches: string[] = [];
    for (const call of run.plan) {
      const expected = expectedOutcome(call);
      const actual = run.status[call.index] === Status.data ? 'data' : (run.failures.get(call.index) ?? 'none');
      if (actual === expected) continue;
      mismatches.push(`#${call.index} ${call.operation.name} [${call.faults.map((choice) => choice.failure).join(', ')}]: expected ${expected}, got ${actual}`);
    }
    // A loaded machine can turn a slow attempt into an unplanned timeout (a send then fails, a read
    // retries): allow a few, never any other difference.
    const timing = mismatches.filter((line) => line.endsWith('ApiRequestError:timeout'));
    expect(mismatches.filter((line) => !timing.includes(line)).join('\n')).toBe('');
    expect(timing.length).toBeLessThanOrEqual(Math.ceil(run.calls * 0.005));
  });

  // The clients keep the core's default retry budget (on since the core's retry-budget change; AWS
  // standard numbers): at 10 % faults it never refuses a retry (it drains only above ~32 % failures,
  // retry-budget.test.ts), so the predicted outcomes above hold with it. A refusal after a timeout
  // would end like a timing mismatch, hence this separate check.
  it('never meets an exhausted retry budget (the default budget, kept on)', () => {
    expect([...soak().failures.values()].filter((failure) => failure.includes('retryBudgetExhausted'))).toEqual([]);
  });

  it('serves idempotent reads >= 99.9% when every fault they meet is one the core retries', () => {
    const { total, succeeded } = readsOf(soak(), (call) => call.faults.every((choice) => choice.retryable));
    expect(total).toBeGreaterThan(soak().calls * 0.5);
    expect(succeeded / total).toBeGreaterThanOrEqual(0.999);
  });

  // Was a gap: a cut 2xx JSON body was never retried, so ~1/9 of the reads that met a fault
  // failed. The core now retries it for idempotent endpoints (retryOnInvalidJson).
  it('serves idempotent reads >= 99.9% under the whole fault mix, malformed JSON included', () => {
    const { total, succeeded } = readsOf(soak());
    expect(succeeded / total).toBeGreaterThanOrEqual(0.999);
  });

  it('holds every successful send in the outbox exactly once and never sends a call twice', () => {
    const run = soak();
    const problems: string[] = [];
    for (const call of run.plan) {
      if (call.operation.kind !== 'send') continue;
      const requests = run.sendRequests[call.index] ?? 0;
      const messages = run.outboxMessages[call.index] ?? 0;
      if (requests !== 1) problems.push(`#${call.index} ${call.operation.name}: ${requests} requests`);
      if (run.status[call.index] === Status.data && messages !== 1) problems.push(`#${call.index} ${call.operation.name} succeeded with ${messages} messages`);
      if (messages > 1) problems.push(`#${call.index} ${call.operation.name}: ${messages} messages`);
    }
    expect(problems.join('\n')).toBe('');
  });

  it('holds nothing for a send whose call failed before reaching the handler', () => {
    const run = soak();
    const problems: string[] = [];
    let failedBeforeHandler = 0;
    for (const call of run.plan) {
      if (call.operation.kind !== 'send' || run.status[call.index] === Status.data) continue;
      const failure = run.failures.get(call.index) ?? '';
      // The sandbox answers these faults without running the route; only a spike (timeout) runs it late.
      if (failure.endsWith(':timeout')) continue;
      failedBeforeHandler += 1;
      if ((run.outboxMessages[call.index] ?? 0) !== 0) problems.push(`#${call.index} ${call.operation.name} failed with ${failure} but was delivered`);
    }
    expect(failedBeforeHandler).toBeGreaterThan(0);
    expect(problems.join('\n')).toBe('');
  });

  it('tells the caller of a failed send it may have been received (requestSent), and when to retry a 429', () => {
    const run = soak();
    const problems: string[] = [];
    for (const call of run.plan) {
      if (call.operation.kind !== 'send' || run.status[call.index] === Status.data) continue;
      const told = run.sendErrors.get(call.index);
      // Every failing send reached the sandbox: claiming otherwise would invite a duplicate resend.
      if (told?.requestSent !== true)
        problems.push(`#${call.index} ${call.operation.name} (${run.failures.get(call.index) ?? ''}): requestSent ${String(told?.requestSent)}`);
      if (call.faults[0]?.fault.kind === 'rate-limit' && told?.retryAfterMs !== 1_000)
        problems.push(`#${call.index}: retryAfterMs ${String(told?.retryAfterMs)} after Retry-After: 1`);
    }
    expect(problems.join('\n')).toBe('');
  });

  it('keeps the heap after the run within 10% of the heap after warm-up', () => {
    const run = soak();
    expect(run.heapAfterRun).toBeLessThanOrEqual(run.heapAfterWarmUp * 1.1);
  });

  it('leaves no socket open after close()', () => {
    const run = soak();
    expect(run.socketsOpened).toBeGreaterThan(0);
    expect(run.socketsOpenAfterClose).toBe(0);
    expect(run.tcpAfterClose).toBeLessThanOrEqual(run.tcpBaseline);
  });
});
