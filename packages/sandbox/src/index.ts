export { VERSION } from './version.js';
export { startSandbox } from './start-sandbox.js';
export type {
  JsonValue,
  Sandbox,
  SandboxCall,
  SandboxClusters,
  SandboxData,
  SandboxElasticsearchOptions,
  SandboxFault,
  SandboxFaultHandle,
  SandboxFaultKind,
  SandboxOptions,
  SandboxOutboxChannel,
  SandboxOutboxMessage,
  SandboxRoots,
  SandboxRootSet,
} from './sandbox-types.js';
export type { ClusterAuthInfo, ClusterRecord } from './state/cluster-store.js';
export type { IndexSetDefinition, SeededField, SeededFieldType } from './data/index-sets.js';
