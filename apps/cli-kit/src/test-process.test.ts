import { describe, expect, it } from 'vitest';
import { cleanEnvironment, runProcess } from './test-process.js';

describe('cleanEnvironment', () => {
  it('keeps no BlueKing setting of the machine, nor the variables to drop, and pins the output width', () => {
    process.env.BK_APP_SECRET = 'from-the-machine';
    process.env.CLUSTER_PASSWORD = 'hunter2';
    try {
      const env = cleanEnvironment({ BK_SANDBOX_URL: 'http://127.0.0.1:1' }, ['CLUSTER_PASSWORD']);
      expect(env).toMatchObject({ BK_SANDBOX_URL: 'http://127.0.0.1:1', COLUMNS: '120', NO_COLOR: '1', PATH: process.env.PATH });
      expect(env.BK_APP_SECRET).toBeUndefined();
      expect(env.CLUSTER_PASSWORD).toBeUndefined();
      expect(cleanEnvironment().CLUSTER_PASSWORD).toBe('hunter2');
    } finally {
      delete process.env.BK_APP_SECRET;
      delete process.env.CLUSTER_PASSWORD;
    }
  });
});

describe('runProcess', () => {
  it('writes the input to stdin, collects stdout and stderr, and says how the process ended', async () => {
    const echo =
      "process.stdin.setEncoding('utf8').on('data', (text) => { process.stdout.write(text.toUpperCase()); process.stderr.write('read'); process.exitCode = 4; })";
    expect(await runProcess(process.execPath, ['-e', echo], { input: 'hello\n' })).toEqual({ code: 4, signal: null, stdout: 'HELLO\n', stderr: 'read' });
    // Without input, stdin is /dev/null: a reader sees its end at once.
    expect(await runProcess(process.execPath, ['-e', "process.stdin.on('end', () => process.stdout.write('ended')).resume()"])).toMatchObject({
      code: 0,
      stdout: 'ended',
    });
  });

  it('kills a process that does not exit in time and says so', async () => {
    await expect(runProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 500 })).rejects.toThrow(/did not exit within 500 ms/);
  });
});
