import { describe, expect, it } from 'vitest';
import * as endpoints from './endpoints.js';
import * as root from './index.js';

const isEndpoint = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'bk-endpoint';
const isZodSchema = (value: unknown): boolean => typeof value === 'object' && value !== null && '_zod' in value;

describe('the package contract', () => {
  it('@x/wework exports the factories, their constants and VERSION: no endpoint and no zod schema', () => {
    expect(Object.keys(root).sort()).toEqual([
      'VERSION',
      'WEWORK_ROOT_ENV_VARIABLE',
      'WEWORK_USER_AGENT',
      'createWework',
      'createWeworkRobot',
      'resolveWeworkBaseUrl',
    ]);
    expect(Object.values(root).filter((value) => isEndpoint(value) || isZodSchema(value))).toEqual([]);
  });

  it('@x/wework/endpoints exports an endpoint for every call of the clients, with their schemas', () => {
    const names = Object.values(endpoints)
      .filter(isEndpoint)
      .map((endpoint) => (endpoint as { name: string }).name)
      .sort();
    expect(names).toEqual(['create_appchat', 'robot_send', 'send_appchat']);
    for (const [name, value] of Object.entries(endpoints)) {
      if (name.endsWith('Schema')) expect(isZodSchema(value), name).toBe(true);
    }
  });
});
