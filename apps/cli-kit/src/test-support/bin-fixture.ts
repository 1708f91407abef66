// An executable built on runBin, for run-bin.test.ts: `node bin-fixture.ts <scenario> [--abort]`.
// Node runs this TypeScript as it is (type stripping); the resolve hook lets the sources'
// `./x.js` imports find their `./x.ts`, so the test needs no build.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as RunBin from '../run-bin.js';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts') === true) {
      const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(source))) return nextResolve(source.href, context);
    }
    return nextResolve(specifier, context);
  },
});

const { runBin } = (await import(new URL('../run-bin.ts', import.meta.url).href)) as typeof RunBin;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function scenario(argv: readonly string[], signal: AbortSignal | undefined): Promise<number> {
  switch (argv[0]) {
    case 'status':
      return Number(argv[1]);
    case 'warnings':
      // The notice Node 22 gives for node:sqlite, and one that must still be shown.
      process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
      process.emitWarning('fs.rmdir(path, { recursive: true }) is deprecated', 'DeprecationWarning');
      await nextTurn();
      return 0;
    case 'flood':
      // Writes until the reader goes away; runBin ends the process then.
      for (;;) {
        process.stdout.write(`${'x'.repeat(1_000)}\n`);
        await nextTurn();
      }
    case 'stop': {
      // Waits for a stop signal; with `stubborn`, keeps running after it.
      const keepAlive = setInterval(() => undefined, 1_000);
      process.stderr.write(`ready, signal ${signal === undefined ? 'absent' : 'given'}\n`);
      await new Promise((resolve) => signal?.addEventListener('abort', resolve));
      process.stderr.write(`aborted by ${String(signal?.reason)}\n`);
      if (argv[1] === 'stubborn') return new Promise(() => undefined);
      clearInterval(keepAlive);
      return 7;
    }
    default:
      throw new Error(`unknown scenario ${String(argv[0])}`);
  }
}

await runBin('tool', scenario, { abortOnStopSignals: process.argv.includes('--abort') });
