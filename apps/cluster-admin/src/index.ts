export { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, runClusterAdmin } from './cli.js';
export { processIo } from './cli-io.js';
export type { CliIo, InputStream } from './cli-io.js';
export { formatHostPort, parseHostPort } from './address.js';
export type { HostPort } from './address.js';
export { PASSWORD_ENV_VARIABLE, promptHidden, PromptCancelledError, resolvePassword } from './password.js';
export type { PasswordFlags } from './password.js';
export { hasBluekingEnvironment, resolveTarget } from './target.js';
export type { ClusterAdminTarget, ClusterAdminTargetOptions } from './target.js';
export { formatMilliseconds } from './commands/command-context.js';
export type { CommandContext } from './commands/command-context.js';
export { describeElasticsearchProbe, describeKafkaProbe, probeElasticsearchCommand, probeKafkaCommand } from './commands/probe-command.js';
export type { ProbeElasticsearchOptions, ProbeKafkaOptions } from './commands/probe-command.js';
export {
  deleteClusterCommand,
  listClustersCommand,
  registerElasticsearchCommand,
  registerKafkaCommand,
  showClusterCommand,
  summarizeCluster,
  updateClusterCommand,
} from './commands/cluster-commands.js';
export type {
  ClusterCommandContext,
  ClusterKind,
  ClusterSummary,
  RegisterElasticsearchOptions,
  RegisterKafkaOptions,
  UpdateClusterOptions,
} from './commands/cluster-commands.js';
export { VERSION } from './version.js';
// Shared with log-search (apps/cli-kit), re-exported so this app's API stays as it was.
export { describeError, outputColumns, SANDBOX_APP_CODE, SANDBOX_APP_SECRET, SANDBOX_URL_ENV_VARIABLE, UsageError, writeText } from '@x/cli-kit';
export type { OutputStream, TargetKind, TargetOptions } from '@x/cli-kit';
