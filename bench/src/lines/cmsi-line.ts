import { createCmsi, type CmsiClient } from '@x/cmsi';
import { apiHost, benchCredentials, checkData, type BenchLine, type PayloadSize } from './bench-line.ts';

/**
 * Line 5: the same read through the integration package. `cacheTtl: 0` turns its cache (and with
 * it single-flight, which would merge concurrent identical calls into one request) off, so every
 * call reaches the server as in the other lines. The URL is resolved by the package from `apiHost`
 * in legacy (ESB) mode.
 */
export async function createCmsiLine(origin: string): Promise<BenchLine> {
  const create = (size: PayloadSize): CmsiClient =>
    createCmsi({ ...benchCredentials, apiHost: apiHost(origin, size, 'cmsi'), gatewayMode: 'legacy', cacheTtl: 0, cache: false });
  const clients: Record<PayloadSize, CmsiClient> = { small: create('small'), large: create('large') };
  return Promise.resolve({
    id: 'cmsi',
    label: '@x/cmsi getMsgType',
    description:
      "cmsi.getMsgType() with `cacheTtl: 0, cache: false`: the integration's endpoint, before-hook (addEsbInfo), URL resolution and schema on top of the core call.",
    call: async (size) => {
      checkData(await clients[size].getMsgType(), size);
    },
    close: async () => {
      await Promise.all([clients.small.close(), clients.large.close()]);
    },
  });
}
