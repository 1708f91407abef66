import { PassThrough } from 'node:stream';
import { UsageError } from '@x/cli-kit';
import { describe, expect, it } from 'vitest';
import type { InputStream } from './cli-io.js';
import { promptHidden, PromptCancelledError, resolvePassword } from './password.js';

function terminalInput(): PassThrough & InputStream {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (mode: boolean) => void; rawModes: boolean[] };
  input.isTTY = true;
  input.rawModes = [];
  input.setRawMode = (mode) => input.rawModes.push(mode);
  return input;
}

function captured(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { stream, text: () => text };
}

describe('promptHidden', () => {
  it('on a terminal: shows the question, echoes nothing of the answer, ends the line', async () => {
    const input = terminalInput();
    const output = captured();
    const answer = promptHidden('Password: ', input, output.stream);
    setTimeout(() => input.write('s3cr3t-value\r'), 20);
    expect(await answer).toBe('s3cr3t-value');
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.text()).toBe('Password: \n');
  });

  it('on a terminal: Ctrl+C cancels', async () => {
    const input = terminalInput();
    const output = captured();
    const answer = promptHidden('Password: ', input, output.stream);
    setTimeout(() => input.write('abc\u0003'), 20);
    await expect(answer).rejects.toThrow(PromptCancelledError);
    expect(output.text()).not.toContain('abc');
  });

  it('from a pipe: reads one line, prints nothing', async () => {
    const input = new PassThrough();
    const output = captured();
    input.end('from-pipe\nignored\n');
    expect(await promptHidden('Password: ', input, output.stream)).toBe('from-pipe');
    expect(output.text()).toBe('');
  });

  it('from an empty pipe: a usage error', async () => {
    const input = new PassThrough();
    input.end();
    await expect(promptHidden('Password: ', input, captured().stream)).rejects.toThrow(UsageError);
  });
});

describe('resolvePassword', () => {
  it('prefers CLUSTER_PASSWORD, asks with --password-prompt or a username on a terminal, else none', async () => {
    const output = captured();
    expect(await resolvePassword({ env: { CLUSTER_PASSWORD: 'from-env' }, stdin: terminalInput(), stderr: output.stream }, { username: 'elastic' }, 'es')).toBe(
      'from-env',
    );
    expect(await resolvePassword({ env: {}, stdin: new PassThrough(), stderr: output.stream }, { username: 'elastic' }, 'es')).toBeUndefined();
    expect(await resolvePassword({ env: {}, stdin: terminalInput(), stderr: output.stream }, {}, 'es')).toBeUndefined();

    const pipe = new PassThrough();
    pipe.end('piped\n');
    expect(await resolvePassword({ env: { CLUSTER_PASSWORD: '' }, stdin: pipe, stderr: output.stream }, { passwordPrompt: true }, 'es')).toBe('piped');

    const terminal = terminalInput();
    const asked = resolvePassword({ env: {}, stdin: terminal, stderr: output.stream }, { username: 'elastic' }, 'Elasticsearch 10.0.0.8:9200');
    setTimeout(() => terminal.write('typed\r'), 20);
    expect(await asked).toBe('typed');
    expect(output.text()).toBe('Password for elastic at Elasticsearch 10.0.0.8:9200: \n');
  });
});
