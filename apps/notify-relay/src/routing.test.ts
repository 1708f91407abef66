import { describe, expect, it } from 'vitest';
import { channelsFor, DEFAULT_ROUTING, parseRoutingTable, severitiesOf } from './routing.js';

describe('routing', () => {
  it('routes the default severities as the issue describes', () => {
    expect(DEFAULT_ROUTING).toEqual({ critical: ['voice', 'sms', 'wework'], warning: ['mail', 'weixin'], info: ['mail'] });
    expect(severitiesOf(DEFAULT_ROUTING)).toEqual(['critical', 'warning', 'info']);
    expect(channelsFor(DEFAULT_ROUTING, 'warning')).toEqual(['mail', 'weixin']);
    expect(channelsFor(DEFAULT_ROUTING, 'toString')).toBeUndefined();
  });

  it('accepts a configured table', () => {
    expect(parseRoutingTable({ page: ['sms', 'voice'], digest: ['mail'] })).toEqual({ page: ['sms', 'voice'], digest: ['mail'] });
  });

  it.each([
    [{ critical: ['pager'] }, /routing table at critical\.0: Invalid option/],
    [{ critical: [] }, /routing table at critical: route a severity to at least one channel/],
    [{ critical: ['sms', 'sms'] }, /a channel is listed twice/],
    [{}, /the routing table names no severity/],
    [{ 'Not Valid': ['mail'] }, /severity is lower-case/],
    [['mail'], /invalid routing table/],
  ])('rejects %j naming the problem', (input, message) => {
    expect(() => parseRoutingTable(input)).toThrow(message);
  });
});
