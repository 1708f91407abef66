import { ValidationError, type ValidationIssue } from '@x/errors';
import { copyParams, isPlainObject } from '../request/copy-params.js';
import type { Envelope } from '../response/envelope.js';
import type { Endpoint, WireParams } from './define-endpoint.js';

function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
    message: issue.message,
    code: issue.code,
  }));
}

export async function validateInput(endpoint: Endpoint, params: unknown, secrets: readonly string[]): Promise<WireParams> {
  let value: unknown = copyParams(params ?? {});
  if (endpoint.input !== undefined) {
    const parsed = await endpoint.input.safeParseAsync(value);
    if (!parsed.success) {
      throw new ValidationError({ direction: 'input', module: endpoint.module, endpoint: endpoint.name, issues: zodIssues(parsed.error.issues), secrets });
    }
    value = parsed.data;
  }
  if (!isPlainObject(value)) {
    throw new ValidationError({
      direction: 'input',
      module: endpoint.module,
      endpoint: endpoint.name,
      issues: [{ path: [], message: 'params must be an object', code: 'invalid_type' }],
      secrets,
    });
  }
  return copyParams(value);
}

export async function validateOutput(endpoint: Endpoint, envelope: Envelope, secrets: readonly string[], requestId: string): Promise<Envelope> {
  if (endpoint.output === undefined) return envelope;
  const parsed = await endpoint.output.safeParseAsync(envelope.data);
  if (!parsed.success) {
    throw new ValidationError({
      direction: 'output',
      module: endpoint.module,
      endpoint: endpoint.name,
      issues: zodIssues(parsed.error.issues),
      secrets,
      requestId,
    });
  }
  return { ...envelope, data: parsed.data };
}
