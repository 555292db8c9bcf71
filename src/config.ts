/**
 * The environment, read in one place. Handlers, workers and engines take every `METAQ_*` setting
 * from here, so a missing one is named in one error instead of surfacing as `undefined` deep in a
 * request, and the defaults are all written down once.
 */
import os from 'node:os';
import path from 'node:path';

export class MissingSetting extends Error {
  override name = 'MissingSetting' as const;
  constructor(variable: string, hint: string) {
    super(`environment variable ${variable} is not set: ${hint}`);
  }
}

export class InvalidEnvironmentSetting extends Error {
  override name = 'InvalidEnvironmentSetting' as const;
}

export interface Settings {
  sessionsTable: string;
  queriesTable: string;
  catalogTable: string;
  resultsBucket: string;
  /** Where `metaq tables add` puts local files on the embedded default. */
  dataBucket: string;
  /** Folder of the embedded runtime's state: `.metaq/` in the working directory. */
  home: string;
  /**
   * Folder of installed engines (DuckDB extensions, Spark, Drill, Trino): one per user, shared by
   * every working directory, so that a new folder does not download pyspark again. Root's is
   * /var/cache/metaq/engines: its workers run as another user, who cannot enter root's home.
   */
  enginesDir: string;
  /** Who local workers run as when metaq runs as root (workers are never root unless this says so). */
  workerUser: string;
  /** Where queries run when the input does not say: `local`, or `lambda` on AWS (the stack sets it). */
  defaultPlatform: string;
  /** A local S3 understands only path-style addressing. */
  s3PathStyle: boolean;
  /** How often workers and waiting handlers poll the session table. */
  pollMs: number;
  /** How often a worker writes its heartbeat. */
  heartbeatMs: number;
  /** Silence after which a worker counts as lost. */
  heartbeatTimeoutMs: number;
  /** How long one waiting handler invocation polls before `NotReadyYet`. */
  waitBudgetMs: number;
  /** How long an engine may take to start its processes on one worker. */
  engineStartTimeoutMs: number;
  /** Faults workers inject on request (tests, benchmarks): see src/session/chaos.ts. */
  chaos: string | undefined;
  /** The address other members reach this worker at, when the platform cannot tell. */
  workerAddress: string | undefined;
  /** `metaq serve`'s token when it listens beyond loopback. */
  serveToken: string | undefined;
  /** The password PostgreSQL clients give (SCRAM-SHA-256); unset: the protocol listens on loopback only. */
  pgPassword: string | undefined;
  /** PEM files of the PostgreSQL protocol's TLS certificate (chain) and key; both or neither. */
  pgTlsCert: string | undefined;
  pgTlsKey: string | undefined;
  ecsAssignPublicIp: boolean;
  /** True in a Lambda function (the handlers on AWS): there is no local platform there. */
  onLambda: boolean;
  /** Buckets results may be written to (set by the CDK stack); undefined: any. */
  outputBuckets: string[] | undefined;
  /**
   * What the local platform runs at once (src/platforms/capacity.ts): worker processes, and the
   * plans' memory of those workers added up. Executions that would go past it wait for capacity.
   */
  localMaxWorkers: number;
  localMaxMemoryMb: number;
  /**
   * Local JVM engines start with C1 only and the serial GC (Spark: src/engines/spark/config.ts);
   * `METAQ_JVM_QUICK_START=0` gives them the JVM's defaults, for the startup bench to compare.
   */
  jvmQuickStart: boolean;
  /**
   * Class-data sharing of the JVM engines (src/engines/jvm/cds.ts): `auto` maps the archive made
   * when the engine was installed, `train` writes one, `off` neither, `require` fails a JVM that
   * cannot map its archive (`METAQ_JVM_CDS`).
   */
  jvmCds: 'auto' | 'train' | 'off' | 'require';
  /**
   * How local workers reach each other (`METAQ_NETWORK`): `direct` on the host's loopback, or
   * `isolated`, each in its own network namespace behind a NAT that drops inbound connections, as
   * on Lambda, joined by the overlay (docs/overlay.md; root, `ip` and `nft`).
   */
  network: 'direct' | 'isolated';
  /**
   * The overlay's transport between isolated workers (`METAQ_OVERLAY`): `punched` (TCP hole
   * punching, a pair that cannot punch by its deadline is relayed) or `relayed` (always the relay).
   */
  overlay: 'punched' | 'relayed';
  /** The reflector an isolated worker observes itself through, `address:port` (set by the platform). */
  reflector: string | undefined;
  /**
   * The NAT in front of each isolated worker (`METAQ_ISOLATED_NAT`): `cone` keeps a connection's
   * source port for every destination, as Lambda's NAT does, so pairs punch; `symmetric` gives each
   * destination a port of its own (nftables `fully-random`), so no punch can meet and every pair is
   * relayed: how tests and benchmarks make punching fail.
   */
  isolatedNat: 'cone' | 'symmetric';
  /**
   * Whether the stack runs the overlay's reflector (`METAQ_LAMBDA_OVERLAY=on`, set by the stack
   * when deployed with it): only then may distributed engines run on Lambda (docs/overlay.md).
   */
  lambdaOverlay: boolean;
  /** The port the reflector service listens on (`METAQ_REFLECTOR_PORT`, handlers/reflector.ts). */
  reflectorPort: number;
  /** The reflector service's public address, where it cannot look it up (outside ECS). */
  reflectorAddress: string | undefined;
}

const number = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  const home = path.resolve(env.METAQ_HOME ?? '.metaq');
  const root = process.getuid?.() === 0 && !env.XDG_CACHE_HOME;
  const cache = env.XDG_CACHE_HOME || (root ? '/var/cache' : path.join(os.homedir(), '.cache'));
  return {
    sessionsTable: env.METAQ_SESSIONS_TABLE ?? 'metaq-sessions',
    queriesTable: env.METAQ_QUERIES_TABLE ?? 'metaq-queries',
    catalogTable: env.METAQ_CATALOG_TABLE ?? 'metaq-catalog',
    resultsBucket: env.METAQ_RESULTS_BUCKET ?? 'metaq-results',
    dataBucket: env.METAQ_DATA_BUCKET ?? 'metaq-data',
    home,
    enginesDir: path.resolve(env.METAQ_ENGINES_DIR ?? path.join(cache, 'metaq', 'engines')),
    workerUser: env.METAQ_WORKER_USER ?? 'nobody',
    defaultPlatform: env.METAQ_DEFAULT_PLATFORM ?? 'local',
    s3PathStyle: env.METAQ_S3_PATH_STYLE === 'true',
    pollMs: number(env.METAQ_POLL_MS, 50),
    heartbeatMs: number(env.METAQ_HEARTBEAT_MS, 1000),
    heartbeatTimeoutMs: number(env.METAQ_HEARTBEAT_TIMEOUT_MS, 5000),
    waitBudgetMs: number(env.METAQ_WAIT_BUDGET_MS, 40_000),
    engineStartTimeoutMs: number(env.METAQ_ENGINE_START_TIMEOUT_MS, 240_000),
    chaos: env.METAQ_CHAOS,
    workerAddress: env.METAQ_WORKER_ADDRESS,
    serveToken: env.METAQ_SERVE_TOKEN,
    pgPassword: env.METAQ_PG_PASSWORD || undefined,
    pgTlsCert: env.METAQ_PG_TLS_CERT || undefined,
    pgTlsKey: env.METAQ_PG_TLS_KEY || undefined,
    ecsAssignPublicIp: env.METAQ_ECS_ASSIGN_PUBLIC_IP === 'ENABLED',
    onLambda: Boolean(env.AWS_LAMBDA_FUNCTION_NAME),
    outputBuckets: env.METAQ_OUTPUT_BUCKETS?.split(',').filter(Boolean),
    localMaxWorkers: number(env.METAQ_LOCAL_MAX_WORKERS, machine().workers),
    localMaxMemoryMb: number(env.METAQ_LOCAL_MAX_MEMORY_MB, machine().memoryMb),
    jvmQuickStart: env.METAQ_JVM_QUICK_START !== '0',
    jvmCds: oneOf('METAQ_JVM_CDS', env.METAQ_JVM_CDS, ['auto', 'train', 'off', 'require'] as const, 'auto'),
    network: oneOf('METAQ_NETWORK', env.METAQ_NETWORK, ['direct', 'isolated'] as const, 'direct'),
    overlay: oneOf('METAQ_OVERLAY', env.METAQ_OVERLAY, ['punched', 'relayed'] as const, 'punched'),
    reflector: env.METAQ_REFLECTOR || undefined,
    isolatedNat: oneOf('METAQ_ISOLATED_NAT', env.METAQ_ISOLATED_NAT, ['cone', 'symmetric'] as const, 'cone'),
    lambdaOverlay:
      oneOf('METAQ_LAMBDA_OVERLAY', env.METAQ_LAMBDA_OVERLAY, ['on', 'off'] as const, 'off') === 'on',
    reflectorPort: number(env.METAQ_REFLECTOR_PORT, REFLECTOR_PORT),
    reflectorAddress: env.METAQ_REFLECTOR_ADDRESS || undefined,
  };
}

/** The reflector's port on AWS: STUN's registered port, which says what the service is to a reader of flow logs. */
export const REFLECTOR_PORT = 3478;

let measured: { workers: number; memoryMb: number } | undefined;

/** The local capacity's defaults, read once (settings() is called for every request to a table). */
function machine(): { workers: number; memoryMb: number } {
  measured ??= {
    workers: Math.max(4, WORKERS_PER_CPU * os.cpus().length),
    memoryMb: Math.floor((0.8 * os.totalmem()) / 2 ** 20),
  };
  return measured;
}

/**
 * Local worker processes per CPU by default (at least 4, so that 3 workers and a spare fit anywhere).
 * 20 concurrent `select N` on 2 CPUs had a median latency of 12.7 s with no limit, 10.7 s with 4 per
 * CPU, 7.5 s with 2 and 7.7 s with 1: past 2 the workers only slow each other down (bench/load.ts).
 */
export const WORKERS_PER_CPU = 2;

/** A variable that takes one of a few words; anything else names the variable and the words. */
function oneOf<T extends string>(
  variable: string,
  value: string | undefined,
  words: readonly T[],
  fallback: T,
): T {
  if (!value) return fallback;
  if ((words as readonly string[]).includes(value)) return value as T;
  throw new InvalidEnvironmentSetting(
    `${variable} is ${JSON.stringify(value)}: set it to one of ${words.join(', ')}`,
  );
}

/** A setting that has no sensible default (on AWS, set by the CDK stack). */
export function requiredSetting(
  variable: string,
  hint: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const value = env[variable];
  if (!value) throw new MissingSetting(variable, hint);
  return value;
}
