/**
 * Credentials of a registered cluster. bkmonitor's ClusterInfo stores only `username` and
 * `password` from `auth_info` (TencentBlueKing/bk-monitor bkmonitor/metadata/resources/cluster.py
 * CreateClusterInfoResource): SASL settings a caller sends are dropped.
 */
export interface ClusterAuthInfo {
  readonly username: string;
  readonly password: string;
}

/** One cluster of the metadata registry, as the sandbox stores it. */
export interface ClusterRecord {
  readonly clusterId: number;
  readonly clusterName: string;
  readonly displayName: string;
  readonly clusterType: string;
  readonly domainName: string;
  readonly port: number;
  readonly extranetDomainName: string;
  readonly extranetPort: number;
  readonly schema: string | null;
  readonly description: string;
  readonly authInfo: ClusterAuthInfo;
  readonly version: string | null;
  /** The JSON string the caller registered (metadata stores it verbatim). */
  readonly customOption: string;
  readonly isSslVerify: boolean;
  readonly sslVerificationMode: string;
  readonly sslInsecureSkipVerify: boolean;
  readonly sslCertificateAuthorities: string;
  readonly sslCertificate: string;
  readonly sslCertificateKey: string;
  /** The app code that registered it; `_default` for platform clusters. */
  readonly registeredSystem: string;
  readonly creator: string;
  /** Unix seconds: metadata answers `arrow.get(create_time).timestamp`. */
  readonly createTime: number;
  readonly lastModifyUser: string;
  /** Unix seconds, as `createTime`. */
  readonly lastModifyTime: number;
  readonly isDefaultCluster: boolean;
  readonly tenantId: string;
}

/** A cluster to seed; the store assigns the id. */
export type ClusterSeed = Omit<ClusterRecord, 'clusterId'>;

/** The metadata cluster registry: ids are sequential from 1 and never reused until `reset()`. */
export class ClusterStore {
  #clusters: ClusterRecord[] = [];
  #nextId = 1;
  readonly #seeds: readonly ClusterSeed[];

  constructor(seeds: readonly ClusterSeed[]) {
    this.#seeds = seeds;
    this.reset();
  }

  /** Back to the seeded clusters. */
  reset(): void {
    this.#clusters = [];
    this.#nextId = 1;
    for (const seed of this.#seeds) this.add(seed);
  }

  list(): readonly ClusterRecord[] {
    return this.#clusters;
  }

  get(idOrName: number | string): ClusterRecord | undefined {
    return this.#clusters.find((cluster) => (typeof idOrName === 'number' ? cluster.clusterId === idOrName : cluster.clusterName === idOrName));
  }

  add(seed: ClusterSeed): ClusterRecord {
    const cluster: ClusterRecord = { ...seed, clusterId: this.#nextId };
    this.#nextId += 1;
    this.#clusters.push(cluster);
    return cluster;
  }

  replace(cluster: ClusterRecord): void {
    this.#clusters = this.#clusters.map((existing) => (existing.clusterId === cluster.clusterId ? cluster : existing));
  }

  remove(clusterId: number): void {
    this.#clusters = this.#clusters.filter((cluster) => cluster.clusterId !== clusterId);
  }
}
