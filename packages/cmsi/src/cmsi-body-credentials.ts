import { resolveAppSecret } from '@x/core-client';
import type { BeforeRequestContext, Endpoint, WireParams } from '@x/core-client';
import type { CmsiSettings } from './cmsi-settings.js';

/**
 * The endpoint with `bk_app_code` and `bk_app_secret` added to its params after its own
 * `before`, for a community-edition ESB that reads them nowhere else (`credentialsInBody`).
 */
export function withBodyCredentials<Input, Output>(endpoint: Endpoint<Input, Output>, settings: Pick<CmsiSettings, 'appSecret'>): Endpoint<Input, Output> {
  const before = endpoint.before;
  return Object.freeze({
    ...endpoint,
    before: async (params: WireParams, context: BeforeRequestContext): Promise<WireParams> => {
      const wire = before === undefined ? params : await before(params, context);
      // paas-ce/paas/esb/esb/bkapp/validators.py reads `bk_app_secret` from request.g.kwargs (body or query).
      return { ...wire, bk_app_code: context.appCode, bk_app_secret: resolveAppSecret(settings.appSecret) };
    },
  });
}
