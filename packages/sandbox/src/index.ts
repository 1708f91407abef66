/**
 * `@x/sandbox`: an embedded BlueKing gateway emulator for demos and tests.
 *
 * @example
 * ```ts
 * import { startSandbox } from '@x/sandbox';
 *
 * const sandbox = await startSandbox();
 * const response = await fetch(`${sandbox.roots.legacy.cmsi}get_msg_type/`, {
 *   headers: { 'x-bkapi-authorization': JSON.stringify({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret' }) },
 * });
 * await sandbox.close();
 * ```
 *
 * @packageDocumentation
 */
export { VERSION } from './version.js';
export { startSandbox } from './start-sandbox.js';
export type { SandboxAnswers } from './sandbox-answers.js';
export type {
  Sandbox,
  SandboxCall,
  SandboxClusters,
  SandboxData,
  SandboxElasticsearchOptions,
  SandboxFault,
  SandboxFaultHandle,
  SandboxFaultKind,
  SandboxKafkaOptions,
  SandboxOptions,
  SandboxOutboxChannel,
  SandboxOutboxMessage,
  SandboxRoots,
  SandboxRootSet,
} from './sandbox-types.js';
export { SANDBOX_KAFKA_CLUSTER_ID, SANDBOX_KAFKA_NODE_ID } from './listeners/kafka-listener.js';
export { SANDBOX_KAFKA_SASL_MECHANISMS } from './listeners/kafka-sasl.js';
export type { SandboxKafkaSaslMechanism } from './listeners/kafka-sasl.js';
export type { ClusterAuthInfo, ClusterRecord } from './state/cluster-store.js';
export type { IndexSetDefinition, SeededField, SeededFieldType } from './data/index-sets.js';
