import type { BkClient } from '@x/core-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { ClusterInfo, ElasticsearchProbeResult, ElasticsearchRegistration, InfraClient, KafkaProbeResult, KafkaRegistration } from './index.js';
import { createInfra, metadataEndpoints, probeElasticsearch, probeKafka } from './index.js';

declare const infra: InfraClient;

describe('createInfra', () => {
  it('returns the four groups, the core client and close', () => {
    expectTypeOf(createInfra).returns.toEqualTypeOf<InfraClient>();
    expectTypeOf(infra.client).toEqualTypeOf<BkClient>();
    expectTypeOf(infra.close).returns.toEqualTypeOf<Promise<void>>();
  });

  it('types the cluster API', () => {
    expectTypeOf(infra.clusters.create).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(infra.clusters.get).returns.resolves.toEqualTypeOf<ClusterInfo[]>();
    expectTypeOf(infra.clusters.create).parameter(0).toHaveProperty('cluster_type').toEqualTypeOf<'influxdb' | 'elasticsearch' | 'kafka' | 'redis' | 'argus'>();
    // @ts-expect-error cluster_type is required
    void infra.clusters.create({ cluster_name: 'c', domain_name: 'h', port: 1 });
    // @ts-expect-error cluster_name is required (metadata's CreateClusterInfoResource)
    void infra.clusters.create({ cluster_type: 'kafka', domain_name: 'h', port: 1 });
    // @ts-expect-error get's params are filters, not arbitrary types
    void infra.clusters.get({ cluster_id: 'one' });
  });

  it('types the registration flows', () => {
    expectTypeOf(infra.es.register).returns.resolves.toEqualTypeOf<ElasticsearchRegistration>();
    expectTypeOf<ElasticsearchRegistration['probe']>().toEqualTypeOf<ElasticsearchProbeResult>();
    expectTypeOf(infra.kafka.register).returns.resolves.toEqualTypeOf<KafkaRegistration>();
    expectTypeOf(infra.es.list).returns.resolves.toEqualTypeOf<ClusterInfo[]>();
    expectTypeOf(infra.kafka.delete).returns.resolves.toEqualTypeOf<{ clusterId: number; clusterName: string }>();
    // @ts-expect-error schema is http or https
    void infra.es.register({ name: 'n', displayName: 'd', bkBizId: 2, host: 'h', port: 1, schema: 'ftp' });
    // @ts-expect-error securityProtocol is a Kafka protocol
    void infra.kafka.register({ name: 'n', displayName: 'd', host: 'h', port: 1, securityProtocol: 'TLS' });
  });

  it('types the exported endpoints for client.call', () => {
    expectTypeOf(infra.client.call(metadataEndpoints.gateway.getClusterInfo, { cluster_type: 'kafka' })).resolves.toEqualTypeOf<ClusterInfo[]>();
    expectTypeOf(infra.client.call(metadataEndpoints.legacy.createClusterInfo, { cluster_name: 'kafka_h', cluster_type: 'kafka', domain_name: 'h', port: 9092 })).resolves.toEqualTypeOf<number>();
  });
});

describe('probes', () => {
  it('return typed results with timings', () => {
    expectTypeOf(probeElasticsearch).returns.resolves.toEqualTypeOf<ElasticsearchProbeResult>();
    expectTypeOf(probeKafka).returns.resolves.toEqualTypeOf<KafkaProbeResult>();
    expectTypeOf<ElasticsearchProbeResult['reachable']>().toEqualTypeOf<true>();
    expectTypeOf<ElasticsearchProbeResult['tcpConnectMs']>().toEqualTypeOf<number>();
    expectTypeOf<KafkaProbeResult['apis'][number]['maxVersion']>().toEqualTypeOf<number>();
  });
});
