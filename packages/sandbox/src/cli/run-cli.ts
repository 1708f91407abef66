import { parseArgs } from 'node:util';
import { startSandbox } from '../start-sandbox.js';
import type { Sandbox, SandboxOptions, SandboxRootSet } from '../sandbox-types.js';

/** What the CLI needs from its process: somewhere to print and a way to hear stop signals. */
export interface CliIo {
  readonly write: (text: string) => void;
  readonly onSignal: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => void;
}

/** A command line the CLI refuses; the message says what to change. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** The usage text of `x-sandbox --help`. */
export const USAGE = `Usage: x-sandbox [--port 8400] [--host 127.0.0.1] [--app-code bk_sandbox] [--app-secret sandbox-secret] [--seed 42]

Runs the BlueKing sandbox standalone and prints its roots. Stops on Ctrl+C (SIGINT) or SIGTERM.
`;

function integerOption(name: string, value: string | undefined, minimum: number, maximum: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum || number > maximum)
    throw new CliUsageError(`--${name} must be an integer between ${minimum} and ${maximum}, got ${value}`);
  return number;
}

/** Reads the command line into sandbox options; undefined means "print the usage". */
export function parseCliOptions(argv: readonly string[]): SandboxOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'app-code': { type: 'string' },
        'app-secret': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return undefined;
  const port = integerOption('port', values.port, 0, 65_535);
  const seed = integerOption('seed', values.seed, 0, 4_294_967_295);
  return {
    port: port ?? 8400,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values['app-code'] === undefined ? {} : { appCode: values['app-code'] }),
    ...(values['app-secret'] === undefined ? {} : { appSecret: values['app-secret'] }),
    ...(seed === undefined ? {} : { seed }),
  };
}

function rootLines(roots: SandboxRootSet): string {
  return Object.entries(roots)
    .map(([name, url]) => `  ${name.padEnd(18)}${url}`)
    .join('\n');
}

/** The banner printed once the sandbox listens. */
export function describeSandbox(sandbox: Sandbox, seed: number): string {
  return [
    `x-sandbox listening on ${sandbox.url}`,
    `  app code ${sandbox.credentials.appCode}, app secret ${sandbox.credentials.appSecret}, seed ${seed}`,
    'roots (legacy ESB):',
    rootLines(sandbox.roots.legacy),
    'roots (API gateway, stage prod; any stage is accepted):',
    rootLines(sandbox.roots.gateway),
    'other endpoints:',
    `  ${'robot webhook'.padEnd(18)}${sandbox.webhookUrl}`,
    `  ${'elasticsearch'.padEnd(18)}${sandbox.elasticsearchUrl} (basic auth, see README)`,
    `  ${'kafka'.padEnd(18)}${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port} (Kafka: ApiVersions, SASL, Metadata)`,
    `  ${'outbox'.padEnd(18)}${sandbox.url}/__sandbox/outbox`,
    `  ${'calls'.padEnd(18)}${sandbox.url}/__sandbox/calls`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI: starts the sandbox, prints its roots and closes it on SIGINT/SIGTERM. Resolves
 * once it listens, with a promise that settles when it has stopped; resolves undefined for --help.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<{ sandbox: Sandbox; stopped: Promise<void> } | undefined> {
  const options = parseCliOptions(argv);
  if (options === undefined) {
    io.write(USAGE);
    return undefined;
  }
  const sandbox = await startSandbox(options);
  io.write(describeSandbox(sandbox, options.seed ?? 42));
  const stopped = new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      io.write('x-sandbox: stopping\n');
      sandbox.close().then(resolve, reject);
    };
    io.onSignal('SIGINT', stop);
    io.onSignal('SIGTERM', stop);
  });
  return { sandbox, stopped };
}
