import { Writable } from 'node:stream';

/**
 * A stream that writes to `target` with `prefix` before every line, so a command's own output
 * sits inside a tour section. Partial lines wait for their newline (or `end`).
 */
export function indentedStream(target: Writable, prefix = '  '): Writable {
  let atLineStart = true;
  const indent = (text: string): string => {
    let result = '';
    for (const character of text) {
      if (atLineStart && character !== '\n') result += prefix;
      result += character;
      atLineStart = character === '\n';
    }
    return result;
  };
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, callback) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (target.write(indent(text))) callback();
      else
        target.once('drain', () => {
          callback();
        });
    },
  });
}
