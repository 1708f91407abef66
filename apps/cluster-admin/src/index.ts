export { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, runClusterAdmin } from './cli.js';
export { outputColumns, processIo, writeText } from './cli-io.js';
export type { CliIo, InputStream, OutputStream } from './cli-io.js';
export { formatHostPort, parseHostPort } from './address.js';
export type { HostPort } from './address.js';
export { PASSWORD_ENV_VARIABLE, promptHidden, PromptCancelledError, resolvePassword } from './password.js';
export type { PasswordFlags } from './password.js';
export { hasBluekingEnvironment, resolveTarget, SANDBOX_APP_CODE, SANDBOX_APP_SECRET, SANDBOX_URL_ENV_VARIABLE } from './target.js';
export type { ClusterAdminTarget, TargetKind, TargetOptions } from './target.js';
export { formatMilliseconds } from './commands/command-context.js';
export type { CommandContext } from './commands/command-context.js';
export { describeElasticsearchProbe, describeKafkaProbe, probeElasticsearchCommand, probeKafkaCommand } from './commands/probe-command.js';
export type { ProbeElasticsearchOptions, ProbeKafkaOptions } from './commands/probe-command.js';
export {
  deleteClusterCommand,
  listClustersCommand,
  registerElasticsearchCommand,
  registerKafkaCommand,
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
export { describeError } from './describe-error.js';
export { UsageError } from './usage-error.js';
export { VERSION } from './version.js';
