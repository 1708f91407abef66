export { findRedisServer, RedisServerUnavailableError, redisServerSkipReason, redisServerVersion, startRedisServer } from './redis-server.js';
export type { RedisServer } from './redis-server.js';
