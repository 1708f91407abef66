import { ValidationError } from '@x/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createClient, type BkClient } from '../client/create-client.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { startTestServer, type TestServer } from '../test-support/start-test-server.js';
import { strictInputErrors } from './strict-input-errors.js';

// The messages are pinned whole, through a real call to a node:http server on 127.0.0.1: the call's
// validation puts `unknown field "<key>": ` before the map's text, so any repeat shows here.
let server: TestServer;
let client: BkClient;
beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: `${server.url}/api/c/compapi/v2/cmsi/`, appCode: 'bk_log', appSecret: 'app-secret-value', username: 'admin', retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'wire fields' });
const attachmentSchema = z.strictObject({ filename: z.string() }, unknownFields('an attachment', 'an attachment has filename'));
const sendMail = defineEndpoint({
  module: 'cmsi',
  name: 'send_mail',
  method: 'POST',
  path: 'send_mail/',
  input: z.strictObject(
    { title: z.string(), attachments: z.array(attachmentSchema).optional(), extra: z.record(z.string(), z.json()).optional() },
    unknownFields('send_mail'),
  ),
});

async function refusal(params: Record<string, unknown>): Promise<ValidationError> {
  const error = await client.call(sendMail, params as never).catch((caught: unknown) => caught);
  if (!ValidationError.isInstance(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

describe('strictInputErrors', () => {
  it('names an unknown top-level key once, as a misspelling, and where unmodelled fields go; nothing is sent', async () => {
    const error = await refusal({ title: 't', titel: 't' });
    expect(error.message).toBe(
      'Parameter validation failed (cmsi.send_mail input): titel: unknown field "titel": not a field of send_mail (misspelt? wire fields the SDK does not model go in extra)',
    );
    expect(error.issues).toEqual([
      {
        path: ['titel'],
        message: 'unknown field "titel": not a field of send_mail (misspelt? wire fields the SDK does not model go in extra)',
        code: 'unrecognized_keys',
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('says what a nested object has when given a hint, one issue per unknown key', async () => {
    const error = await refusal({ title: 't', attachments: [{ filename: 'a.png', file_name: 'a.png', typ: 'png' }] });
    expect(error.message).toBe(
      'Parameter validation failed (cmsi.send_mail input): attachments[0].file_name: unknown field "file_name": not a field of an attachment (misspelt? an attachment has filename); attachments[0].typ: unknown field "typ": not a field of an attachment (misspelt? an attachment has filename)',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('leaves zod its own words for any other issue', async () => {
    const error = await refusal({ title: 1 });
    expect(error.message).toBe('Parameter validation failed (cmsi.send_mail input): title: Invalid input: expected string, received number');
    expect(server.requests).toHaveLength(0);
  });

  it("uses the package's words for its escape hatch", () => {
    const parsed = z
      .strictObject({ name: z.string() }, strictInputErrors({ escapeHatch: 'extraFields', unmodelled: 'metadata fields' })('create_cluster_info'))
      .safeParse({ name: 'k', nmae: 'k' });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      'not a field of create_cluster_info (misspelt? metadata fields the SDK does not model go in extraFields)',
    ]);
  });
});
