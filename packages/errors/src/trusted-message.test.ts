import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './errors/api-request-error.js';
import { BkError } from './errors/bk-error.js';
import { ValidationError } from './errors/validation-error.js';
import { isTrustedMessage, trustedMessage } from './trusted-message.js';

// A secret equal to one of our own words must not show itself by where `[REDACTED]` lands
// (issue: an ES password `HTTP` gave "was refused with [REDACTED] 401").
describe('redaction by construction', () => {
  it.each(['HTTP', 'failed', 'connection', '401', 'e'])('keeps our own words whole when a secret is %j, and scrubs it from foreign parts', (secret) => {
    const error = new ApiRequestError({
      failure: 'http-status',
      status: 401,
      message: trustedMessage`connection failed: was refused with HTTP 401 (${`server said ${secret}-token`})`,
      secrets: [secret],
    });
    const foreign = secret.length >= 4 ? '[REDACTED]-token' : `${secret}-token`;
    expect(error.message).toBe(`connection failed: was refused with HTTP 401 (server said ${foreign})`);
    expect(JSON.stringify(error.toJSON())).toContain('connection failed: was refused with HTTP 401');
  });

  it('scrubs a whole plain-string message, which is foreign text', () => {
    expect(new BkError({ message: 'upstream says hunter22 is wrong', secrets: ['hunter22'] }).message).toBe('upstream says [REDACTED] is wrong');
  });

  it('redacts secret pairs and literal secrets in interpolated values, nested trusted parts stay whole', () => {
    const inner = trustedMessage`the failed part`;
    const message = trustedMessage`[cmsi-API] ${inner}: ${'{"bk_app_secret": "abcdef12"}'} and ${new Error('token hunter22')}`;
    expect(isTrustedMessage(message)).toBe(true);
    expect(isTrustedMessage('x')).toBe(false);
    const error = new BkError({ message, secrets: ['hunter22', 'failed'] });
    expect(error.message).toBe('[cmsi-API] the failed part: {"bk_app_secret": "[REDACTED]"} and token [REDACTED]');
  });

  it('keeps catalogue words and validation wording whole, scrubbing only the paths and issue texts', () => {
    const error = new ValidationError({
      module: 'cmsi',
      endpoint: 'send_mail',
      issues: [{ path: ['receiver'], message: 'Invalid input: unknown user secretuser1' }],
      secrets: ['Invalid', 'secretuser1'],
    });
    expect(error.message).toContain('(cmsi.send_mail input): receiver: [REDACTED] input: unknown user [REDACTED]');
    expect(error.message).not.toContain('secretuser1');
  });
});
