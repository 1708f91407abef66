import {
  DEFAULT_TOTAL_TIMEOUT_MS,
  EXIT_INTERRUPTED as INTERRUPTED,
  failureDocument,
  formatDuration,
  optionParser,
  outputColumns,
  parsePositiveInteger,
  runCli,
  UsageError,
} from '@x/cli-kit';
import type { CliDefinition, CliWork, GlobalOptions } from '@x/cli-kit';
import { VERSION as INFRA_VERSION, KAFKA_PROBE_SASL_MECHANISMS, KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS } from '@x/infra';
import type { KafkaProbeSaslMechanism, KafkaProbeSaslOptions, KafkaSaslMechanism, KafkaSecurityProtocol } from '@x/infra';
import { Option } from 'commander';
import type { Command } from 'commander';
import { parseHostPort } from './address.js';
import type { HostPort } from './address.js';
import type { CliIo } from './cli-io.js';
import {
  deleteClusterCommand,
  listClustersCommand,
  registerElasticsearchCommand,
  registerKafkaCommand,
  showClusterCommand,
  updateClusterCommand,
} from './commands/cluster-commands.js';
import type { ClusterCommandContext } from './commands/cluster-commands.js';
import type { CommandContext } from './commands/command-context.js';
import { probeElasticsearchCommand, probeKafkaCommand } from './commands/probe-command.js';
import { PASSWORD_ENV_VARIABLE, PromptCancelledError, resolvePassword } from './password.js';
import { resolveTarget } from './target.js';
import type { ClusterAdminTarget } from './target.js';
import { VERSION as CORE_VERSION } from '@x/core-client';

/** Success. */
export const EXIT_OK = 0;
/** A runtime, probe or API failure. */
export const EXIT_FAILURE = 1;
/** Bad flags or values, or input the SDK refused before sending (a ValidationError on the input); nothing was sent. */
export const EXIT_USAGE = 2;
/** Interrupted at the password prompt (Ctrl+C). */
export const EXIT_INTERRUPTED = INTERRUPTED;

const NAME = 'cluster-admin';

/**
 * What `--version` prints: the app is private and not versioned (its package.json stays 0.0.0),
 * so the versions that say what it does are those of the SDK packages it is built on.
 */
export const VERSION_TEXT = `${NAME} (private app of bk-integrations) built on @x/infra ${INFRA_VERSION}, @x/core-client ${CORE_VERSION}`;

function positiveInteger(what: string): (value: string) => number {
  return optionParser((text) => parsePositiveInteger(text, what));
}

/** What a job may ask for: the metadata target (started on demand) and a place to record secrets. */
interface JobTools {
  readonly target: () => Promise<ClusterAdminTarget>;
  /** Secrets to scrub from any error line. */
  readonly secrets: string[];
  /** Asks for the password as the flags and the environment say; records it as a secret. */
  readonly password: (flags: { username?: string | undefined; passwordPrompt?: boolean | undefined }, what: string) => Promise<string | undefined>;
}

type Job = (context: CommandContext, tools: JobTools) => Promise<unknown>;

interface CredentialFlags {
  readonly username?: string | undefined;
  readonly passwordPrompt?: boolean | undefined;
  readonly insecure?: boolean | undefined;
}

const EXAMPLES = `
Examples:
  $ cluster-admin probe es 127.0.0.1:9200 --username elastic         # prompts for the password
  $ cluster-admin es register es_logs 10.0.0.8:9200 --biz 2 --username elastic
  $ cluster-admin probe kafka 10.0.0.9:9092
  $ cluster-admin probe kafka 10.0.0.9:9093 --tls --sasl-mechanism SCRAM-SHA-512 --username bklog
  $ cluster-admin kafka register kafka_logs 10.0.0.9:9092 --display-name "Log Kafka"
  $ cluster-admin es list
  $ cluster-admin es show 3
  $ cluster-admin es update 3 --description "hot tier"
  $ cluster-admin es delete 3
  $ cluster-admin kafka list --sandbox --timeout 30s

Passwords never go on the command line: a prompt without echo (with --username on a
terminal, or --password-prompt; from a pipe, one line of stdin), or CLUSTER_PASSWORD set
without typing it (read -rs CLUSTER_PASSWORD && export CLUSTER_PASSWORD).

Where clusters are registered:
  BK_COMPONENT_API_URL (+ BK_APP_CODE, BK_APP_SECRET, BKAPP_USE_APIGW, BKPAAS_ENVIRONMENT,
  BK_USERNAME, BK_TENANT_ID): a BlueKing deployment (bkmonitor metadata).
  --api-host <url> or BK_SANDBOX_URL: a running sandbox (x-sandbox --port 8400).
  --sandbox: an embedded sandbox for this command only; never implied.
  None of these: exit 2, naming the variables to set (probes need none). A URL with
  user:password@ is refused (2).

Exit status: 0 success, 1 probe or API failure (a --timeout that ran out included),
2 usage error (a flag, a missing password, or input the SDK refuses before sending), 130 interrupted (Ctrl+C at the password prompt), 141 stdout closed (EPIPE).
`;

function addCredentialOptions(command: Command): Command {
  return command
    .option('-u, --username <name>', 'user for basic auth / SASL; on a terminal the password is then asked for')
    .option('-p, --password-prompt', 'ask for the password (without echo) even without --username; reads a line from stdin when it is not a terminal')
    .option('--insecure', 'do not verify the TLS certificate (https / SSL only)');
}

const addressParser = optionParser(parseHostPort);

/** What to do when there is no password: how to give one, never on the command line. */
const PASSWORD_HINT = `set ${PASSWORD_ENV_VARIABLE} (read -rs ${PASSWORD_ENV_VARIABLE} && export ${PASSWORD_ENV_VARIABLE}), or pass --password-prompt`;

/** A user without a password is a usage mistake: stdin was not a terminal, so nothing asked for one. */
function requirePassword(username: string | undefined, password: string | undefined): void {
  if (username !== undefined && (password === undefined || password === '')) throw new UsageError(`--username ${username} needs a password: ${PASSWORD_HINT}`);
}

/** Whether `error` is (or its last attempt was) an HTTP 401: missing or wrong credentials. */
function refusedCredentials(error: unknown): boolean {
  return failureDocument(error, EXIT_FAILURE).error.status === 401;
}

/** `probe kafka`'s SASL: a mechanism, a user and a password (CLUSTER_PASSWORD or the prompt), or none at all. */
async function kafkaProbeSasl(
  flags: { readonly saslMechanism?: KafkaProbeSaslMechanism | undefined; readonly username?: string | undefined },
  password: () => Promise<string | undefined>,
): Promise<KafkaProbeSaslOptions | undefined> {
  if (flags.saslMechanism === undefined) {
    if (flags.username !== undefined) throw new UsageError('--username needs --sasl-mechanism for a Kafka probe (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)');
    return undefined;
  }
  if (flags.username === undefined || flags.username === '') throw new UsageError(`--sasl-mechanism ${flags.saslMechanism} needs --username`);
  const secret = await password();
  if (secret === undefined || secret === '') throw new UsageError(`SASL ${flags.saslMechanism} needs a password: ${PASSWORD_HINT}`);
  return { mechanism: flags.saslMechanism, username: flags.username, password: secret };
}

/** cluster-admin's commands; `select` receives the job the command line asks for. */
function addCommands(program: Command, select: (job: Job, globals: GlobalOptions) => void): void {
  const withTarget =
    (run: (context: ClusterCommandContext, tools: JobTools) => Promise<unknown>): Job =>
    async (context, tools) => {
      const target = await tools.target();
      return run({ ...context, infra: target.infra }, tools);
    };

  // probe
  const probe = program.command('probe').description('check that a cluster answers, with timings and versions (nothing is registered)');
  addCredentialOptions(
    probe.command('es').description('TCP connect, HEAD / and GET / of an Elasticsearch node').argument('<host:port>', 'the node', addressParser),
  )
    .addOption(new Option('--schema <schema>', 'http or https').choices(['http', 'https']).default('http'))
    .action((address: HostPort, flags: CredentialFlags & { schema: 'http' | 'https' }, command: Command) => {
      const globals: GlobalOptions = command.optsWithGlobals();
      select(async (context, tools) => {
        const password = await tools.password(flags, `Elasticsearch ${address.host}:${address.port}`);
        requirePassword(flags.username, password);
        return probeElasticsearchCommand(context, {
          ...address,
          schema: flags.schema,
          username: flags.username,
          password,
          sslVerify: flags.insecure === true ? false : undefined,
          timeoutMs: globals.timeout,
        });
      }, globals);
    });
  addCredentialOptions(
    probe
      .command('kafka')
      .description('TCP connect, TLS and SASL authentication when asked, then ApiVersions and Metadata with a Kafka broker')
      .argument('<host:port>', 'the broker', addressParser)
      .option('--tls', 'connect with TLS (SSL / SASL_SSL listeners)'),
  )
    .addOption(
      new Option('--sasl-mechanism <mechanism>', 'authenticate with SASL (SASL_* listeners); needs --username and the password').choices(
        KAFKA_PROBE_SASL_MECHANISMS,
      ),
    )
    .action((address: HostPort, flags: CredentialFlags & { tls?: boolean; saslMechanism?: KafkaProbeSaslMechanism }, command: Command) => {
      const globals: GlobalOptions = command.optsWithGlobals();
      select(async (context, tools) => {
        const sasl = await kafkaProbeSasl(flags, () => tools.password(flags, `Kafka ${address.host}:${address.port}`));
        return probeKafkaCommand(context, {
          ...address,
          tls: flags.tls,
          sslVerify: flags.insecure === true ? false : undefined,
          sasl,
          timeoutMs: globals.timeout,
        });
      }, globals);
    });

  // es and kafka
  for (const kind of ['es', 'kafka'] as const) {
    const title = kind === 'es' ? 'Elasticsearch' : 'Kafka';
    // "an Elasticsearch cluster", "a Kafka cluster".
    const aTitle = kind === 'es' ? 'an Elasticsearch' : 'a Kafka';
    const group = program.command(kind).description(`${title} clusters in BlueKing metadata: register, list, show, update, delete`);

    const register = addCredentialOptions(
      group
        .command('register')
        .description(`probe ${aTitle} cluster, check it is not registered yet, then register it`)
        .argument('<name>', 'cluster name: letters, digits, _ and -, at most 50')
        .argument('<host:port>', kind === 'es' ? 'an Elasticsearch node' : 'a broker', addressParser)
        .option('--display-name <text>', 'the name people see (default: the cluster name)')
        .option('--description <text>', 'a description'),
    );
    if (kind === 'es')
      register
        .requiredOption('-b, --biz <id>', 'the business registering the cluster (required)', positiveInteger('--biz'))
        .addOption(new Option('--schema <schema>', 'http or https').choices(['http', 'https']).default('http'))
        .action(
          (
            name: string,
            address: HostPort,
            flags: CredentialFlags & { biz: number; schema: 'http' | 'https'; displayName?: string; description?: string },
            command: Command,
          ) => {
            select(
              withTarget(async (context, tools) => {
                const password = await tools.password(flags, `Elasticsearch ${address.host}:${address.port}`);
                requirePassword(flags.username, password);
                return registerElasticsearchCommand(context, {
                  ...address,
                  name,
                  displayName: flags.displayName,
                  bkBizId: flags.biz,
                  schema: flags.schema,
                  username: flags.username,
                  password,
                  sslVerify: flags.insecure === true ? false : undefined,
                  description: flags.description,
                });
              }),
              command.optsWithGlobals(),
            );
          },
        );
    else
      register
        .option('-b, --biz <id>', 'the business (custom_option.bk_biz_id)', positiveInteger('--biz'))
        .addOption(new Option('--security-protocol <protocol>', 'how clients connect').choices(KAFKA_SECURITY_PROTOCOLS).default('PLAINTEXT'))
        .addOption(new Option('--sasl-mechanism <mechanism>', 'SASL mechanism (SASL_* protocols)').choices(KAFKA_SASL_MECHANISMS))
        .option('--kafka-version <version>', 'the broker version to record (ApiVersions does not reveal it)')
        .action(
          (
            name: string,
            address: HostPort,
            flags: CredentialFlags & {
              biz?: number;
              securityProtocol: KafkaSecurityProtocol;
              saslMechanism?: KafkaSaslMechanism;
              kafkaVersion?: string;
              displayName?: string;
              description?: string;
            },
            command: Command,
          ) => {
            select(
              withTarget(async (context, tools) => {
                const password = await tools.password(flags, `Kafka ${address.host}:${address.port}`);
                if (flags.securityProtocol.startsWith('SASL_')) requirePassword(flags.username, password);
                return registerKafkaCommand(context, {
                  ...address,
                  name,
                  displayName: flags.displayName,
                  bkBizId: flags.biz,
                  securityProtocol: flags.securityProtocol,
                  saslMechanism: flags.saslMechanism,
                  username: flags.username,
                  password,
                  sslVerify: flags.insecure === true ? false : undefined,
                  version: flags.kafkaVersion,
                  description: flags.description,
                });
              }),
              command.optsWithGlobals(),
            );
          },
        );

    group
      .command('show')
      .description(`one registered ${title} cluster, a field a line (passwords are never shown)`)
      .argument('<cluster-id>', 'the cluster id (see list)', positiveInteger('<cluster-id>'))
      .action((clusterId: number, _flags: unknown, command: Command) => {
        select(
          withTarget((context) => showClusterCommand(context, kind, clusterId)),
          command.optsWithGlobals(),
        );
      });

    group
      .command('list')
      .description(`the registered ${title} clusters (passwords are never shown)`)
      .action((_flags: unknown, command: Command) => {
        select(
          withTarget((context) => listClustersCommand(context, kind)),
          command.optsWithGlobals(),
        );
      });

    const update = addCredentialOptions(
      group
        .command('update')
        .description(`probe a registered ${title} cluster again and change what is given (the rest stays; no password keeps the stored one)`)
        .argument('<cluster-id>', 'the cluster id (see list)', positiveInteger('<cluster-id>'))
        .option('--display-name <text>', 'a new display name')
        .option('--address <host:port>', 'a new address', addressParser)
        .option('--description <text>', 'a new description'),
    );
    if (kind === 'es') update.addOption(new Option('--schema <schema>', 'http or https').choices(['http', 'https']));
    else
      update
        .addOption(new Option('--security-protocol <protocol>', 'how clients connect').choices(KAFKA_SECURITY_PROTOCOLS))
        .addOption(new Option('--sasl-mechanism <mechanism>', 'SASL mechanism').choices(KAFKA_SASL_MECHANISMS))
        .option('--kafka-version <version>', 'the broker version to record');
    update.action(
      (
        clusterId: number,
        flags: CredentialFlags & {
          displayName?: string;
          address?: HostPort;
          description?: string;
          schema?: 'http' | 'https';
          securityProtocol?: KafkaSecurityProtocol;
          saslMechanism?: KafkaSaslMechanism;
          kafkaVersion?: string;
        },
        command: Command,
      ) => {
        select(
          withTarget(async (context, tools) => {
            const password = await tools.password(flags, `${title} cluster ${clusterId}`);
            return updateClusterCommand(context, kind, {
              clusterId,
              displayName: flags.displayName,
              address: flags.address,
              username: flags.username,
              password,
              description: flags.description,
              sslVerify: flags.insecure === true ? false : undefined,
              schema: flags.schema,
              securityProtocol: flags.securityProtocol,
              saslMechanism: flags.saslMechanism,
              version: flags.kafkaVersion,
            });
          }),
          command.optsWithGlobals(),
        );
      },
    );

    group
      .command('delete')
      .description(`remove a registered ${title} cluster`)
      .argument('<cluster-id>', 'the cluster id (see list)', positiveInteger('<cluster-id>'))
      .action((clusterId: number, _flags: unknown, command: Command) => {
        select(
          withTarget((context) => deleteClusterCommand(context, kind, clusterId)),
          command.optsWithGlobals(),
        );
      });
  }
}

// The job with its tools: the metadata target, started on the job's first need of it (probes
// need none) and closed once the outcome is reported, and a password prompt whose answer joins
// the secrets.
function runJob(job: Job, globals: GlobalOptions, io: CliIo, secrets: string[]): CliWork {
  return async (closeAtEnd) => {
    let target: ClusterAdminTarget | undefined;
    const tools: JobTools = {
      secrets,
      target: async () => {
        if (target === undefined) {
          const started = await resolveTarget({ ...globals, timeoutMs: globals.timeout }, io.env, (note) => io.stderr.write(`${NAME}: ${note}\n`));
          closeAtEnd(() => started.close());
          target = started;
        }
        return target;
      },
      password: async (flags, what) => {
        const password = await resolvePassword(io, flags, what);
        if (password !== undefined && password !== '') secrets.push(password);
        return password;
      },
    };
    await job({ io, json: globals.json === true, columns: outputColumns(io.stdout, io.env) }, tools);
  };
}

const CLUSTER_ADMIN: Omit<CliDefinition, 'commands'> = {
  name: NAME,
  versionText: VERSION_TEXT,
  description: 'Probe, register, list, update and delete Elasticsearch and Kafka clusters in BlueKing metadata.',
  optionHelp: {
    sandbox: 'register in an embedded sandbox, for this command only (never implied: without BlueKing settings and without this, nothing runs)',
    timeout: `the most time one call may take, retries and waits included, and each probe request: 30s, 2m (default: ${formatDuration(DEFAULT_TOTAL_TIMEOUT_MS)}; 10s per probe request)`,
  },
  helpAfter: EXAMPLES,
};

/**
 * Runs the cluster-admin command line (`argv` without `node` and the script) and returns the exit
 * status. Everything it prints goes to `io.stdout` / `io.stderr`; passwords never do.
 * @example
 * process.exitCode = await runClusterAdmin(['probe', 'kafka', '127.0.0.1:9092'], processIo());
 */
export function runClusterAdmin(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets: string[] = [];
  // A password from the environment is a secret even before a prompt would have asked.
  const fromEnvironment = io.env.CLUSTER_PASSWORD;
  if (fromEnvironment !== undefined && fromEnvironment !== '') secrets.push(fromEnvironment);
  return runCli(
    {
      ...CLUSTER_ADMIN,
      secrets,
      commands: (program, select) => {
        addCommands(program, (job, globals) => {
          select(runJob(job, globals, io, secrets));
        });
      },
      failureNotes: (error) => {
        // Ctrl+C at the password prompt arrives as a key, not as a signal.
        if (error instanceof PromptCancelledError) return { interruptedBy: 'SIGINT' };
        // Refused for credentials when none were given: say how to give a password.
        return {
          hint:
            secrets.length === 0 && refusedCredentials(error)
              ? `${NAME}: the cluster wants credentials: pass --username, and for the password ${PASSWORD_HINT}`
              : undefined,
        };
      },
    },
    argv,
    io,
  );
}
