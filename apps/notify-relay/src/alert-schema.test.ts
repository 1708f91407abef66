import { describe, expect, it } from 'vitest';
import { createAlertSchema, describeIssues, formatIssues } from './alert-schema.js';
import { DEFAULT_ROUTING } from './routing.js';

const schema = createAlertSchema({ routing: DEFAULT_ROUTING, maxContentLength: 20 });
const valid = { id: 'disk-1', severity: 'warning', title: 'Disk', content: 'almost full', receivers: ['admin'] };

function problems(input: unknown): string {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return 'valid';
  return formatIssues(describeIssues(result.error));
}

describe('alert schema', () => {
  it('accepts a valid alert and keeps only known fields', () => {
    expect(schema.parse({ ...valid, extra: 1 })).toEqual(valid);
    expect(problems({ ...valid, severity: 'critical', chatid: 'ops_room' })).toBe('valid');
  });

  it.each([
    [{ ...valid, receivers: undefined }, 'receivers: is required'],
    [{ ...valid, receivers: [] }, 'receivers: must list at least one receiver'],
    [{ ...valid, receivers: 'admin' }, 'receivers: Invalid input: expected array, received string'],
    [{ ...valid, receivers: ['admin', 'bad name'] }, 'receivers.1: must be a BlueKing user name (letters, digits, _ . @ -)'],
    [{ ...valid, severity: 'fatal' }, 'severity: must be one of critical, warning, info'],
    [{ ...valid, content: 'x'.repeat(21) }, 'content: must be at most 20 characters'],
    [{ ...valid, id: 'a:b' }, 'id: must be 1-128 characters: letters, digits, ".", "_" or "-", starting with a letter or digit'],
    [{ ...valid, title: '   ' }, 'title: must not be empty'],
    [{ ...valid, severity: 'critical' }, 'chatid: is required: severity critical is routed to the wework channel'],
    [[valid], 'Invalid input: expected object, received array'],
  ])('names the field of %j', (input, message) => {
    expect(problems(input)).toBe(message);
  });
});
