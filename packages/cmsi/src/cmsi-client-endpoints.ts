import { lazyImport } from '@x/core-client';
import type { Endpoint } from '@x/core-client';
import { withBodyCredentials } from './cmsi-body-credentials.js';
import { CMSI_DEFAULT_CACHE_TTL } from './cmsi-settings.js';
import type { CmsiSettings } from './cmsi-settings.js';
import type * as CmsiEndpoints from './endpoints.js';

/** `@x/cmsi/endpoints`, loaded once per process (by the first call of any client). */
const loadCmsiEndpoints = lazyImport(async (): Promise<typeof CmsiEndpoints> => import('./endpoints.js'));

/** The endpoints of one client, as its settings send them (`credentialsInBody`, `cacheTtl`). */
function bind(all: typeof CmsiEndpoints, settings: CmsiSettings) {
  const cacheTtl = settings.cacheTtl ?? CMSI_DEFAULT_CACHE_TTL;
  const withCredentials = <Input, Output>(endpoint: Endpoint<Input, Output>): Endpoint<Input, Output> =>
    settings.credentialsInBody === true ? withBodyCredentials(endpoint, settings) : endpoint;
  return {
    sendMail: withCredentials(all.cmsiSendMailEndpoint),
    sendMsg: withCredentials(all.cmsiSendMsgEndpoint),
    sendSms: withCredentials(all.cmsiSendSmsEndpoint),
    sendVoiceMsg: withCredentials(all.cmsiSendVoiceMsgEndpoint),
    sendWeixin: withCredentials(all.cmsiSendWeixinEndpoint),
    getMsgType: withCredentials(cacheTtl === CMSI_DEFAULT_CACHE_TTL ? all.cmsiGetMsgTypeEndpoint : all.defineCmsiGetMsgTypeEndpoint(cacheTtl)),
  };
}

/** The endpoints a `CmsiClient` calls. */
export type CmsiClientEndpoints = ReturnType<typeof bind>;

/**
 * A client's endpoints, loaded by its first call rather than at import: their zod schemas, and zod
 * itself (~80 ms of a fresh process, bench/results/latest.md "Cold import"), would otherwise be
 * paid by every `import '@x/cmsi'`, also in a process that never sends. A failed load is tried
 * again by the next call.
 */
export function lazyClientEndpoints(settings: CmsiSettings): () => Promise<CmsiClientEndpoints> {
  return lazyImport(async () => bind(await loadCmsiEndpoints(), settings));
}
