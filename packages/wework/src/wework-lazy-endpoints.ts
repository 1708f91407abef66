import { lazyImport } from '@x/core-client';
import type * as WeworkEndpoints from './endpoints.js';

/**
 * The endpoint definitions, loaded by the first call rather than at import: their zod schemas, and
 * zod itself (~80 ms of a fresh process, bench/results/latest.md "Cold import"), would otherwise
 * be paid by every `import '@x/wework'`, also in a process that never sends. The module is
 * `@x/wework/endpoints`, loaded once per process (shared by the app-chat client and the robots);
 * a failed load is tried again by the next call.
 */
export const loadWeworkEndpoints = lazyImport(async (): Promise<typeof WeworkEndpoints> => import('./endpoints.js'));
