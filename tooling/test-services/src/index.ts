export { captureLogger } from './capture-logger.js';
export type { CapturedLevel, CapturedRecord, CaptureLogger } from './capture-logger.js';
export { findRedisServer, RedisServerUnavailableError, redisServerSkipReason, redisServerVersion, startRedisServer } from './redis-server.js';
export type { RedisServer, RedisServerOptions } from './redis-server.js';
