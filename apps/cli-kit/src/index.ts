export { renderTable, truncate, displayWidth, padToWidth, singleLine, formatCount, formatTimestamp, cellText } from './table.js';
export type { TableColumn } from './table.js';
export { describeError } from './describe-error.js';
export { UsageError } from './usage-error.js';
export { CliError } from './cli-error.js';
export { firstPresent, present } from './environment.js';
export type { Environment } from './environment.js';
export { outputColumns, writeText } from './output.js';
export type { OutputStream } from './output.js';
export {
  chooseTarget,
  hasApiHostEnvironment,
  missingTargetMessage,
  refuseUrlCredentials,
  SANDBOX_APP_CODE,
  SANDBOX_APP_SECRET,
  SANDBOX_FLAG,
  SANDBOX_URL_ENV_VARIABLE,
} from './target.js';
export type { TargetChoice, TargetKind, TargetOptions, TargetRules } from './target.js';
export { APP_CODE_ENV_VARIABLES, APP_SECRET_ENV_VARIABLES, commonClientSettings } from './client-settings.js';
export type { CommonClientSettings } from './client-settings.js';
export { formatDuration, parseDuration, parsePositiveInteger } from './duration.js';
export { clientTimeouts, DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS } from './time-budget.js';
export type { ClientTimeouts } from './time-budget.js';
export {
  EXIT_BROKEN_PIPE,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_INTERRUPTED,
  EXIT_TERMINATED,
  EXIT_USAGE,
  failureDocument,
  failureExitCode,
  interruptedExitCode,
  interruptedMessage,
  isUsageMistake,
  reportFailure,
  reportInterrupted,
} from './failure-report.js';
export type { FailureDocument, FailureReporter } from './failure-report.js';
export { processIo } from './cli-io.js';
export type { CliIo } from './cli-io.js';
export { optionParser, runCli } from './run-cli.js';
export type { CliDefinition, CliWork, FailureNotes, GlobalOptions } from './run-cli.js';
export { runBin } from './run-bin.js';
export type { BinOptions } from './run-bin.js';
export { VERSION } from './version.js';
