import { describe, expect, it } from 'vitest';
import * as endpoints from './endpoints.js';
import * as root from './index.js';

const isEndpoint = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'bk-endpoint';
const isZodSchema = (value: unknown): boolean => typeof value === 'object' && value !== null && '_zod' in value;

describe('the package contract', () => {
  it('@x/cmsi exports the factory, its constants, the helpers and VERSION: no endpoint and no zod schema', () => {
    expect(Object.keys(root).sort()).toEqual([
      'CMSI_DEFAULT_CACHE_TTL',
      'CMSI_IMAGE_TYPES',
      'CMSI_MSG_TYPES',
      'CMSI_USER_AGENT',
      'VERSION',
      'base64Content',
      'createCmsi',
      'isEmailAddress',
      'isPhoneNumber',
      'refusedReceivers',
      'resolveCmsiBaseUrl',
    ]);
    expect(Object.values(root).filter((value) => isEndpoint(value) || isZodSchema(value))).toEqual([]);
  });

  it('@x/cmsi/endpoints exports an endpoint for every call of the client, with their schemas', () => {
    const names = Object.values(endpoints)
      .filter(isEndpoint)
      .map((endpoint) => (endpoint as { name: string }).name)
      .sort();
    expect(names).toEqual(['get_msg_type', 'send_mail', 'send_msg', 'send_sms', 'send_voice_msg', 'send_weixin']);
    for (const [name, value] of Object.entries(endpoints)) {
      if (name.endsWith('Schema')) expect(isZodSchema(value), name).toBe(true);
    }
  });
});
