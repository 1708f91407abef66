import type { BkClient } from '@x/core-client';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ClusterInfo,
  CreateClusterInfoParams,
  ElasticsearchCluster,
  ElasticsearchProbeResult,
  ElasticsearchRegistration,
  InfraClient,
  InfraExtra,
  KafkaCluster,
  KafkaProbeResult,
  KafkaRegistration,
  KafkaSaslMechanism,
  KafkaSecurityProtocol,
  RegisterElasticsearchParams,
} from './index.js';
import { metadataEndpoints } from './endpoints.js';
import { createInfra, probeElasticsearch, probeKafka } from './index.js';

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
    expectTypeOf(infra.es.list).returns.resolves.toEqualTypeOf<ElasticsearchCluster[]>();
    expectTypeOf(infra.kafka.list).returns.resolves.toEqualTypeOf<KafkaCluster[]>();
    expectTypeOf(infra.es.get).returns.resolves.toEqualTypeOf<ElasticsearchCluster>();
    expectTypeOf(infra.kafka.get).returns.resolves.toEqualTypeOf<KafkaCluster>();
    expectTypeOf(infra.kafka.delete).returns.resolves.toEqualTypeOf<{ clusterId: number; clusterName: string }>();
    // @ts-expect-error schema is http or https
    void infra.es.register({ name: 'n', displayName: 'd', bkBizId: 2, host: 'h', port: 1, schema: 'ftp' });
    // @ts-expect-error securityProtocol is a Kafka protocol
    void infra.kafka.register({ name: 'n', displayName: 'd', host: 'h', port: 1, securityProtocol: 'TLS' });
  });

  it('types the exported endpoints for client.call', () => {
    expectTypeOf(infra.client.call(metadataEndpoints.gateway.getClusterInfo, { cluster_type: 'kafka' })).resolves.toEqualTypeOf<ClusterInfo[]>();
    expectTypeOf(
      infra.client.call(metadataEndpoints.legacy.createClusterInfo, { cluster_name: 'kafka_h', cluster_type: 'kafka', domain_name: 'h', port: 9092 }),
    ).resolves.toEqualTypeOf<number>();
  });
});

describe('strict inputs: a misspelt field is a compile error', () => {
  it('the metadata wire endpoints', () => {
    // @ts-expect-error domain_name, not domain
    void infra.clusters.create({ cluster_name: 'c', cluster_type: 'kafka', domain: 'h', port: 1 });
    // @ts-expect-error is_ssl_verify, not ssl_verify
    void infra.clusters.create({ cluster_name: 'c', cluster_type: 'kafka', domain_name: 'h', port: 1, ssl_verify: true });
    // @ts-expect-error auth_info.password, not passwd
    void infra.clusters.create({ cluster_name: 'c', cluster_type: 'kafka', domain_name: 'h', port: 1, auth_info: { username: 'u', passwd: 'p' } });
    void infra.clusters.create({
      cluster_name: 'c',
      cluster_type: 'kafka',
      domain_name: 'h',
      port: 1,
      // @ts-expect-error security_protocol is one of Kafka's
      auth_info: { username: 'u', password: 'p', security_protocol: 'TLS' },
    });
    // @ts-expect-error schema is http or https
    void infra.clusters.create({ cluster_name: 'c', cluster_type: 'elasticsearch', domain_name: 'h', port: 1, schema: 'ftp' });
    // @ts-expect-error description, not desc
    void infra.clusters.modify({ cluster_id: 1, desc: 'x' });
    // @ts-expect-error cluster_id, not id
    void infra.clusters.delete({ id: 1 });
    // @ts-expect-error is_plain_text, not plain_text
    void infra.clusters.get({ plain_text: true });
    // @ts-expect-error cluster_type is one of metadata's
    void infra.clusters.get({ cluster_type: 'mysql' });
    void infra.clusters.modify({ cluster_id: 1, extra: { custom_label: 'rack-3' } });
    expectTypeOf<CreateClusterInfoParams['extra']>().toEqualTypeOf<InfraExtra | undefined>();
    expectTypeOf<CreateClusterInfoParams['cluster_type']>().toEqualTypeOf<'influxdb' | 'elasticsearch' | 'kafka' | 'redis' | 'argus'>();
  });

  it('the Elasticsearch helpers', () => {
    // @ts-expect-error displayName, not display_name (the helpers are camelCase)
    void infra.es.register({ name: 'n', display_name: 'd', bkBizId: 2, host: 'h', port: 1 });
    // @ts-expect-error retentionDaysMax, not retentionDays
    void infra.es.register({ name: 'n', displayName: 'd', bkBizId: 2, host: 'h', port: 1, setup: { retentionDays: 30 } });
    // @ts-expect-error sslVerify, not sslverify
    void infra.es.update({ clusterId: 1, sslverify: false });
    // @ts-expect-error clusterId, not cluster_id
    void infra.es.get({ cluster_id: 1 });
    // @ts-expect-error includeSecrets, not includeSecret
    void infra.es.list({ includeSecret: true });
    void infra.es.register({ name: 'n', displayName: 'd', bkBizId: 2, host: 'h', port: 1, extra: { label: 'logs' } });
    expectTypeOf<RegisterElasticsearchParams['schema']>().toEqualTypeOf<'http' | 'https' | undefined>();
  });

  it('the Kafka helpers', () => {
    // @ts-expect-error saslMechanisms, not saslMechanism
    void infra.kafka.register({ name: 'n', displayName: 'd', host: 'h', port: 1, saslMechanism: 'PLAIN' });
    // @ts-expect-error saslMechanisms is one of Kafka's
    void infra.kafka.register({ name: 'n', displayName: 'd', host: 'h', port: 1, saslMechanisms: 'SCRAM' });
    // @ts-expect-error customOption, not custom_option
    void infra.kafka.update({ clusterId: 1, custom_option: {} });
    // @ts-expect-error clusterId, not id
    void infra.kafka.delete({ id: 1 });
  });
});

describe('results without index signatures', () => {
  it('the wire records', async () => {
    const [cluster] = await infra.clusters.get();
    if (cluster === undefined) return;
    expectTypeOf(cluster.cluster_type).toEqualTypeOf<string>();
    expectTypeOf(cluster.cluster_config.cluster_name).toEqualTypeOf<string>();
    // @ts-expect-error cluster_type is on the cluster, not in cluster_config
    console.log(cluster.cluster_config.cluster_type);
    // @ts-expect-error cluster_name, not cluster_nmae
    console.log(cluster.cluster_config.cluster_nmae);
    // @ts-expect-error password, not passwd
    console.log(cluster.auth_info.passwd);
    expectTypeOf(infra.clusters.modify).returns.resolves.toEqualTypeOf<ClusterInfo | undefined>();
    expectTypeOf(infra.clusters.delete).returns.resolves.toBeVoid();
  });

  it('es.list and kafka.list return camelCase clusters, the wire record as raw', async () => {
    const [es] = await infra.es.list();
    if (es === undefined) return;
    expectTypeOf(es.clusterId).toEqualTypeOf<number>();
    expectTypeOf(es.domainName).toEqualTypeOf<string>();
    expectTypeOf(es.schema).toEqualTypeOf<'http' | 'https'>();
    expectTypeOf(es.version).toEqualTypeOf<string | undefined>();
    expectTypeOf(es.setup.retentionDaysMax).toEqualTypeOf<number>();
    expectTypeOf(es.raw).toEqualTypeOf<ClusterInfo>();
    // @ts-expect-error camelCase: clusterName, not cluster_name
    console.log(es.cluster_name);
    // @ts-expect-error the wire record is raw
    console.log(es.cluster_config);
    // @ts-expect-error domainName, not domain
    console.log(es.domain);
    const [kafka] = await infra.kafka.list();
    if (kafka === undefined) return;
    expectTypeOf(kafka.securityProtocol).toEqualTypeOf<KafkaSecurityProtocol | undefined>();
    expectTypeOf(kafka.saslMechanisms).toEqualTypeOf<KafkaSaslMechanism | undefined>();
    // @ts-expect-error saslMechanisms, not saslMechanism
    console.log(kafka.saslMechanism);
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
