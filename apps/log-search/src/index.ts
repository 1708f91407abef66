export { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE, runLogSearch } from './cli.js';
export { processIo } from './cli-io.js';
export type { CliIo } from './cli-io.js';
export { hasBluekingEnvironment, resolveTarget } from './target.js';
export type { LogSearchTarget, LogSearchTargetOptions } from './target.js';
export type { CommandContext, ScopeOptions } from './commands/command-context.js';
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, rowTime, searchCommand, searchQuery } from './commands/search-command.js';
export type { SearchOptions, SearchResult } from './commands/search-command.js';
export { autoInterval, bucketCount, histogramCommand, histogramInterval, histogramLabels, MAX_HISTOGRAM_BUCKETS } from './commands/histogram-command.js';
export type { HistogramOptions, HistogramResult } from './commands/histogram-command.js';
export { exportCommand, ExportFileError, ExportInterruptedError, writeNdjson } from './commands/export-command.js';
export type { NdjsonTally } from './commands/export-command.js';
export type { ExportOptions, ExportResult } from './commands/export-command.js';
export { fieldsCommand } from './commands/fields-command.js';
export type { IndexSetFields } from './commands/fields-command.js';
export { sqlCommand } from './commands/sql-command.js';
export type { SqlResult } from './commands/sql-command.js';
export { formatDuration, parseDuration, parseIndexSetIds, parsePositiveInteger } from './duration.js';
export { renderBarChart } from './bar-chart.js';
export type { Bar } from './bar-chart.js';
export { createProgress, ratePerSecond } from './progress.js';
export type { ProgressOptions, ProgressReporter } from './progress.js';
export { VERSION } from './version.js';
// Shared with cluster-admin (apps/cli-kit), re-exported so this app's API stays as it was.
export {
  describeError,
  formatCount,
  formatTimestamp,
  outputColumns,
  renderTable,
  SANDBOX_APP_CODE,
  SANDBOX_APP_SECRET,
  SANDBOX_URL_ENV_VARIABLE,
  truncate,
  UsageError,
  writeText,
} from '@x/cli-kit';
export type { OutputStream, TableColumn, TargetKind, TargetOptions } from '@x/cli-kit';
