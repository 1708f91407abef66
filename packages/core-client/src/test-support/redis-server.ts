// The monorepo's shared helper spawns `redis-server --port <free> --save '' --appendonly no` and can
// stop and restart it on the same port; under CI=true a missing binary fails instead of skipping.
export { redisServerSkipReason, startRedisServer } from '@x/test-services';
export type { RedisServer } from '@x/test-services';
