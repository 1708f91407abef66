import { isRecord } from '../request-params.js';

/** One step's output of a clean debug run, as BKData's v4 `clean/debug/` reports it. */
export interface RuleOutput {
  readonly output_id: string;
  readonly value: Record<string, unknown> | unknown[];
  readonly key_index: readonly { readonly type: 'key' | 'index'; readonly value: string | number }[];
}

/** A rule the debugger cannot run, with the reason. */
export class CleanDebugError extends Error {
  override readonly name = 'CleanDebugError';
}

/** BKData's regexes use Python's named groups `(?P<name>...)`; JavaScript spells them `(?<name>...)`. */
function toJavaScriptRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern.replaceAll('(?P<', '(?<'));
  } catch (error) {
    throw new CleanDebugError(`invalid regex: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function applyOperator(operator: Record<string, unknown>, input: string): Omit<RuleOutput, 'output_id'> {
  switch (operator.type) {
    case 'json_de': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(input);
      } catch {
        throw new CleanDebugError('json_de: the input is not valid JSON');
      }
      if (!isRecord(parsed)) throw new CleanDebugError('json_de: the input is not a JSON object');
      return { value: parsed, key_index: Object.keys(parsed).map((key) => ({ type: 'key', value: key })) };
    }
    case 'split_str': {
      if (typeof operator.delimiter !== 'string' || operator.delimiter === '') throw new CleanDebugError('split_str needs a delimiter');
      const parts = input.split(operator.delimiter);
      const maxParts = typeof operator.max_parts === 'number' && operator.max_parts > 0 ? operator.max_parts : undefined;
      const value =
        maxParts === undefined || parts.length <= maxParts ? parts : [...parts.slice(0, maxParts - 1), parts.slice(maxParts - 1).join(operator.delimiter)];
      return { value, key_index: value.map((_part, index) => ({ type: 'index', value: index })) };
    }
    case 'regex': {
      if (typeof operator.regex !== 'string' || operator.regex === '') throw new CleanDebugError('regex needs a regex');
      const match = toJavaScriptRegex(operator.regex).exec(input);
      if (match === null) throw new CleanDebugError('regex: the pattern does not match the input');
      const groups = { ...(match.groups ?? {}) };
      if (Object.keys(groups).length === 0) throw new CleanDebugError('regex: the pattern has no named group');
      return { value: groups, key_index: Object.keys(groups).map((key) => ({ type: 'key', value: key })) };
    }
    default:
      throw new CleanDebugError(`unknown operator type: ${String(operator.type)}`);
  }
}

/**
 * Runs clean debug rules over a raw log line. A rule reads `__raw_data` or the (string) output of
 * an earlier rule, so rules chain the way BKData's clean graph does.
 */
export function runCleanDebug(input: string, rules: readonly unknown[]): RuleOutput[] {
  const outputs = new Map<string, unknown>([['__raw_data', input]]);
  return rules.map((rule) => {
    if (!isRecord(rule) || typeof rule.output_id !== 'string' || !isRecord(rule.operator))
      throw new CleanDebugError('each rule needs input_id, output_id and operator');
    const inputId = typeof rule.input_id === 'string' ? rule.input_id : '__raw_data';
    const source = outputs.get(inputId);
    if (typeof source !== 'string') throw new CleanDebugError(`rule input ${inputId} is not a text output of an earlier rule`);
    const output = { output_id: rule.output_id, ...applyOperator(rule.operator, source) };
    outputs.set(rule.output_id, output.value);
    return output;
  });
}
