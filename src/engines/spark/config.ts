/**
 * Spark's own configuration for one query's cluster, made from the plan and the members alone (no
 * I/O): spark-defaults.conf, log4j2.properties, the ports each process binds and the memory it gets.
 * Tested by asserting on what it generates.
 */
import type { Plan } from '../../plan/types';
import type { Member } from '../../session/types';
import { jvmFolderOptions } from '../java';
import type { S3Access } from '../types';
import { SparkPortsTaken } from './errors';
import { sparkTraits } from './traits';

/** Which of the member's reserved ports (`member.ports`, 8 of them) each Spark process binds. */
export interface SparkPorts {
  master: number;
  masterUi: number;
  driver: number;
  driverBlockManager: number;
  worker: number;
  workerUi: number;
}

// Executors keep ephemeral ports: Spark has one executor block manager port for the whole app, which
// would collide when several members share one host (the local platform).
export function sparkPorts(member: Member): SparkPorts {
  const [master, masterUi, driver, driverBlockManager, worker, workerUi] = member.ports;
  if (workerUi === undefined)
    throw new SparkPortsTaken(
      `worker ${member.index} has ${member.ports.length} port(s) no other member also holds; Spark needs 6: run the query again`,
    );
  return { master, masterUi, driver, driverBlockManager, worker, workerUi };
}

/**
 * Members on one host reserve their ports independently and release them at once, so two of them
 * may hold the same port: such a port is dropped by both, the same way on every member, so that
 * all agree on who binds what.
 */
export function withDistinctPorts(members: Member[]): Member[] {
  return members.map((member) => {
    const taken = new Set(
      members
        .filter((other) => other.rank !== member.rank && other.address === member.address)
        .flatMap((other) => other.ports),
    );
    return { ...member, ports: member.ports.filter((port) => !taken.has(port)) };
  });
}

export const masterUrl = (head: Member) => `spark://${head.address}:${sparkPorts(head).master}`;

export interface SparkSizing {
  /** Cores each Spark worker offers (one executor per worker takes them all). */
  cores: number;
  executorMemoryMb: number;
  driverMemoryMb: number;
  /** -Xmx of the master and worker daemons: they only keep track of the cluster. */
  daemonMemoryMb: number;
}

const round64 = (mb: number) => Math.floor(mb / 64) * 64;

/** The worker's memory, less a small daemon, mostly for its executor; Spark needs 450 MB at least. */
export function sparkSizing(plan: Plan, cores: number): SparkSizing {
  const daemonMemoryMb = 256;
  return {
    cores,
    daemonMemoryMb,
    executorMemoryMb: Math.max(512, round64((plan.memoryMb - daemonMemoryMb) * 0.75)),
    driverMemoryMb: Math.max(512, round64(plan.memoryMb / 4)),
  };
}

/** C1 only and the serial GC: JVMs start and warm up in half the time on a small host (measured). */
export const quickJvmOptions = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';

/**
 * The options of this member's Spark JVMs: quick ones locally, and temporary files in `tmp`. An
 * executor's are `.` (its own folder under the member's spark-work), because the driver's
 * settings reach executors on every member.
 */
export function sparkJvmOptions(local: boolean, tmp: string): string {
  return [...(local ? [quickJvmOptions] : []), ...jvmFolderOptions(tmp)].join(' ');
}

export interface DefaultsInput {
  plan: Plan;
  /** The member's folder for temporary files (memberFolders().tmp). */
  tmp: string;
  members: Member[];
  s3: S3Access;
  sizing: SparkSizing;
  /** Folder of the S3 connector jars, the same path on every member. */
  jars: string;
}

export function sparkDefaults({ plan, members, s3, sizing, jars, tmp }: DefaultsInput): string {
  const head = members[0];
  const ports = sparkPorts(head);
  const local = plan.platform === 'local';
  const settings: Record<string, string | number | boolean> = {
    'spark.master': masterUrl(head),
    'spark.app.name': `metaq-${plan.queryId}`,
    // No REST submission server (it would take port 6066 on every head) and no UIs beyond the
    // master's, whose /json/ page is the readiness check.
    'spark.master.rest.enabled': false,
    'spark.ui.enabled': false,
    'spark.ui.showConsoleProgress': false,
    'spark.driver.host': head.address,
    'spark.driver.bindAddress': head.address,
    'spark.driver.port': ports.driver,
    'spark.driver.blockManager.port': ports.driverBlockManager,
    'spark.driver.memory': `${sizing.driverMemoryMb}m`,
    'spark.executor.memory': `${sizing.executorMemoryMb}m`,
    'spark.executor.cores': sizing.cores,
    'spark.cores.max': sizing.cores * members.length,
    'spark.driver.extraClassPath': `${jars}/*`,
    'spark.executor.extraClassPath': `${jars}/*`,
    'spark.driver.extraJavaOptions': sparkJvmOptions(local, tmp),
    'spark.executor.extraJavaOptions': sparkJvmOptions(local, '.'),
    // A few tasks per core: the default 200 shuffle partitions cost more than they bring here, and
    // adaptive execution coalesces what is left.
    'spark.sql.shuffle.partitions': Math.max(4, 2 * sizing.cores * members.length),
    'spark.sql.session.timeZone': 'UTC',
    // Queries read only their tables: no `parquet.\`/some/path\`` in the SQL.
    'spark.sql.runSQLOnFiles': false,
    // `${env:AWS_SECRET_ACCESS_KEY}` or `${spark.hadoop...}` in the SQL would be replaced by the value.
    'spark.sql.variable.substitute': false,
    // The result folder holds the part files and, later, metaq's manifest; no _SUCCESS marker.
    'spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs': false,
    ...s3aSettings(s3),
    ...userSettings(plan.config),
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key} ${value}`)
    .join('\n')}\n`;
}

/**
 * S3A: on AWS, the region (the credentials are in core-site.xml, see below). A local S3 gets path-style URLs, plain http, and unsigned requests: s3rver stores SigV4's
 * streaming (aws-chunked) uploads with their framing, which corrupts every object Spark writes.
 */
export function s3aSettings(s3: S3Access): Record<string, string | number | boolean> {
  const settings: Record<string, string | number | boolean> = {
    'spark.hadoop.fs.s3a.endpoint.region': s3.region,
  };
  if (s3.pathStyle) settings['spark.hadoop.fs.s3a.path.style.access'] = true;
  if (!s3.endpoint) return settings;
  return {
    ...settings,
    'spark.hadoop.fs.s3a.endpoint': s3.endpoint,
    'spark.hadoop.fs.s3a.path.style.access': true,
    'spark.hadoop.fs.s3a.connection.ssl.enabled': s3.endpoint.startsWith('https:'),
    'spark.hadoop.fs.s3a.signing-algorithm': 'NoOpSignerType',
    // A local S3 either answers or is down: fail in seconds, not after S3A's minutes of retries.
    'spark.hadoop.fs.s3a.attempts.maximum': 2,
    'spark.hadoop.fs.s3a.retry.limit': 2,
  };
}

/** The plan's `config` entries Spark takes per query (the optimizer refused the others) override the defaults above. */
function userSettings(config: Plan['config']): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(config).filter(([key, value]) => sparkTraits.config.accepts(key, value)),
  );
}

/**
 * Hadoop's core-site.xml of the member's configuration folder (on every Spark process's
 * classpath), readable by its owner only. It holds S3A's credentials: not in the processes'
 * environment, where a query that got a process to print it would find them. And Hadoop's scratch
 * folder, in each JVM's own temporary folder (Hadoop's default is /tmp/hadoop-<user>).
 */
export function coreSite(s3: S3Access): string {
  const credentials: Record<string, string> =
    s3.accessKeyId && s3.secretAccessKey
      ? {
          'fs.s3a.access.key': s3.accessKeyId,
          'fs.s3a.secret.key': s3.secretAccessKey,
          'fs.s3a.aws.credentials.provider': s3.sessionToken
            ? 'org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider'
            : 'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider',
          ...(s3.sessionToken && { 'fs.s3a.session.token': s3.sessionToken }),
        }
      : {};
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Hadoop expands ${java.io.tmpdir} itself.
  const properties: Record<string, string> = { 'hadoop.tmp.dir': '${java.io.tmpdir}/hadoop', ...credentials };
  const xml = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const entries = Object.entries(properties).map(
    ([name, value]) => `  <property><name>${name}</name><value>${xml(value)}</value></property>`,
  );
  return `<?xml version="1.0"?>\n<configuration>\n${entries.join('\n')}\n</configuration>\n`;
}

/** Warnings to stderr, plus the master's and workers' registration lines (they tell who joined). */
export function log4j2(): string {
  return `rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
`;
}

/** s3://bucket/key as Spark's connector spells it, and back. */
export const toS3a = (url: string) => url.replace(/^s3:\/\//, 's3a://');
export const fromS3a = (url: string) => url.replace(/^s3a:\/\//, 's3://');
