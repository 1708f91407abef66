import { INDEX_SETS } from '../data/index-sets.js';
import { generateLogRecords } from '../data/log-records.js';
import type { RecordsByTable } from '../data/log-records.js';
import { SqlEngine } from '../data/sql-engine.js';
import type { SandboxAnswers } from '../sandbox-answers.js';
import type { MutableCall } from '../sandbox-env.js';
import { FaultRegistry } from '../sandbox-faults.js';
import type { SandboxFault, SandboxOutboxMessage } from '../sandbox-types.js';
import { createSeededRandom } from '../seeded-random.js';
import type { SeededRandom } from '../seeded-random.js';
import { BkdataStore } from './bkdata-store.js';
import { ClusterStore } from './cluster-store.js';
import type { ClusterSeed } from './cluster-store.js';
import { ScrollStore } from './scroll-store.js';
import { WeworkStore } from './wework-store.js';

/** The options of a sandbox with every default applied. */
export interface SandboxSettings {
  readonly host: string;
  readonly port: number;
  readonly appCode: string;
  readonly appSecret: string;
  readonly seed: number;
  readonly faults: readonly SandboxFault[];
  readonly latencyMs: number;
  readonly now: number;
  readonly recordCount: number;
  readonly webhookKey: string;
  readonly dataToken: string;
  readonly seedDefaultClusters: boolean;
  readonly answers: SandboxAnswers;
  readonly elasticsearch: {
    readonly username: string;
    readonly password: string;
    readonly version: string;
    readonly mode: 'elasticsearch' | 'not-elasticsearch';
  };
}

/** A message on its way into the outbox; the state assigns id and time. */
export type OutboxDraft = Omit<SandboxOutboxMessage, 'id' | 'at'>;

/**
 * Everything a sandbox remembers. The seeded records never change; the stores and the logs go back
 * to their seeded contents on `reset()`. Arrays are cleared in place so references handed out stay valid.
 */
export class SandboxState {
  readonly settings: SandboxSettings;
  readonly records: RecordsByTable;
  readonly calls: MutableCall[] = [];
  readonly outbox: SandboxOutboxMessage[] = [];
  readonly faults: FaultRegistry;
  readonly bkdata: BkdataStore;
  readonly clusters: ClusterStore;
  readonly wework: WeworkStore;
  readonly scrolls: ScrollStore;
  /** Draws ids (chat ids, trace ids, scroll ids) so they repeat with the seed. */
  ids: SeededRandom;
  #sql: SqlEngine | undefined;
  #outboxSequence = 0;

  constructor(settings: SandboxSettings, clusterSeeds: readonly ClusterSeed[]) {
    this.settings = settings;
    this.records = generateLogRecords(INDEX_SETS, { seed: settings.seed, now: settings.now, recordCount: settings.recordCount });
    this.faults = new FaultRegistry(settings.seed, settings.faults);
    this.bkdata = new BkdataStore(INDEX_SETS, settings.now);
    this.clusters = new ClusterStore(clusterSeeds);
    this.wework = new WeworkStore();
    this.scrolls = new ScrollStore();
    this.ids = createSeededRandom(settings.seed ^ 0x1d5);
  }

  /** The SQL engine over the seeded records, built on first use (it copies every record). */
  get sql(): SqlEngine {
    this.#sql ??= new SqlEngine(INDEX_SETS, this.records);
    return this.#sql;
  }

  /** Puts an accepted message into the outbox. */
  send(draft: OutboxDraft): SandboxOutboxMessage {
    this.#outboxSequence += 1;
    const message: SandboxOutboxMessage = { ...draft, id: `msg-${this.#outboxSequence}`, at: Date.now() };
    this.outbox.push(message);
    return message;
  }

  reset(): void {
    this.calls.length = 0;
    this.outbox.length = 0;
    this.#outboxSequence = 0;
    this.faults.reset();
    this.bkdata.reset();
    this.clusters.reset();
    this.wework.reset();
    this.scrolls.reset();
    this.ids = createSeededRandom(this.settings.seed ^ 0x1d5);
  }

  close(): void {
    this.#sql?.close();
    this.#sql = undefined;
  }
}
