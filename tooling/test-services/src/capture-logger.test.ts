import { describe, expect, it } from 'vitest';
import { captureLogger } from './capture-logger.js';

describe('captureLogger', () => {
  it('keeps every record with its level and message, in order', () => {
    const logger = captureLogger();
    logger.debug({ event: 'a' });
    logger.info({ event: 'b' }, 'second');
    logger.warn({ event: 'a', n: 1 });
    logger.error({ other: true }, 'fourth');
    expect(logger.records).toEqual([
      { level: 'debug', record: { event: 'a' }, message: undefined },
      { level: 'info', record: { event: 'b' }, message: 'second' },
      { level: 'warn', record: { event: 'a', n: 1 }, message: undefined },
      { level: 'error', record: { other: true }, message: 'fourth' },
    ]);
  });

  it('finds records by event and serialises everything', () => {
    const logger = captureLogger();
    logger.info({ event: 'call', secret: 'hunter2' }, 'sent');
    logger.info({ event: 'other' });
    expect(logger.events('call')).toHaveLength(1);
    expect(logger.events('missing')).toEqual([]);
    expect(logger.text()).toContain('hunter2');
    expect(logger.text()).toContain('sent');
  });
});
