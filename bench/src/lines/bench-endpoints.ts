import { addEsbInfo, defineEndpoint } from '@x/core-client';
import * as z from 'zod';

// The endpoints the core-client lines call, defined as an integration package would: lenient
// (loose) response schemas that model what the caller reads.

const messageTypeSchema = z.looseObject({
  type: z.string(),
  label: z.string(),
  is_active: z.boolean().nullish(),
  icon: z.string().nullish(),
});

/** CMSI's `get_msg_type/` as a plain core-client endpoint (the same shape as @x/cmsi's). */
export const getMessageTypes = defineEndpoint({
  module: 'bench',
  name: 'get_msg_type',
  method: 'GET',
  path: 'get_msg_type/',
  output: z.array(messageTypeSchema),
  before: addEsbInfo,
});

/** The same read with a cache TTL (for the cache and single-flight workloads). */
export const getMessageTypesCached = defineEndpoint({
  module: 'bench',
  name: 'get_msg_type_cached',
  method: 'GET',
  path: 'get_msg_type/',
  output: z.array(messageTypeSchema),
  before: addEsbInfo,
  cacheTtl: 300,
});

const hostSchema = z.looseObject({
  bk_host_id: z.number(),
  bk_host_innerip: z.string(),
  bk_cloud_id: z.number(),
  bk_host_name: z.string(),
  bk_os_type: z.string().nullish(),
  operator: z.string().nullish(),
});

/** A paginated list (limit_offset: `page: {start, limit}` in a POST body → `{count, info}`). */
export const listHosts = defineEndpoint({
  module: 'bench',
  name: 'list_hosts',
  method: 'POST',
  path: 'list_hosts/',
  input: z.looseObject({ total: z.number().int().nonnegative() }),
  output: z.object({ count: z.number(), info: z.array(hostSchema) }),
  idempotent: true,
  pagination: 'limit_offset',
});
