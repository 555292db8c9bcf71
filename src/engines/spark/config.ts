/**
 * Spark's own configuration for one query's cluster, made from the plan and the members alone (no
 * I/O): spark-defaults.conf, log4j2.properties, the ports each process binds and the memory it gets.
 * Tested by asserting on what it generates.
 */
import path from 'node:path';
import { settings } from '../../config';
import type { Plan } from '../../plan/types';
import type { Member } from '../../session/types';
import { jvmFolderOptions } from '../jvm/java';
import { assignPorts, portsOnHost } from '../jvm/ports';
import { hadoopXml, s3aProperties } from '../jvm/s3a';
import type { S3Access } from '../types';
import { sparkTraits } from './traits';

/** Which of the member's reserved ports (`member.ports`) each Spark process binds. */
export interface SparkPorts {
  master: number;
  masterUi: number;
  driver: number;
  driverBlockManager: number;
  worker: number;
  workerUi: number;
  /**
   * The block manager of this member's executor, where other executors fetch its shuffle output:
   * a port the member declared, so the overlay forwards it to isolated workers (docs/overlay.md).
   * Spark's setting is one for the whole app; each member's own comes from its conf folder's
   * `java-opts` (executorJavaOpts), which an executor's startup settings let win.
   */
  executorBlockManager: number;
}

export function sparkPorts(member: Member): SparkPorts {
  const [master, masterUi, driver, driverBlockManager, worker, workerUi, executorBlockManager] = assignPorts(
    'spark',
    member,
    member.ports,
    7,
  );
  return { master, masterUi, driver, driverBlockManager, worker, workerUi, executorBlockManager };
}

/**
 * `java-opts` in the member's conf folder: Spark's launcher adds it to every JVM it builds with
 * that folder, the executors this member's worker starts included (AbstractCommandBuilder), and
 * an executor keeps its own `*.port` settings over the driver's (SparkConf.isExecutorStartupConf).
 */
export const executorJavaOpts = (member: Member) =>
  `-Dspark.blockManager.port=${sparkPorts(member).executorBlockManager}\n`;

/** Each member with the ports no other member on its host also holds, the same on every member (jvm/ports.ts). */
export function withDistinctPorts(members: Member[]): Member[] {
  return members.map((member) => ({ ...member, ports: portsOnHost(member, members) }));
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
export function sparkJvmOptions(local: boolean, tmp: string, cds: string[] = []): string {
  const quick = local && settings().jvmQuickStart;
  return [...(quick ? [quickJvmOptions] : []), ...jvmFolderOptions(tmp), ...cds].join(' ');
}

/** The class-data options (src/engines/jvm/cds.ts) of the driver and of the executors. */
export interface SparkCds {
  driver: string[];
  executor: string[];
}

/**
 * The extra classpath, ahead of the configuration folder that Spark's launcher puts first: the S3
 * connector's jars and Spark's own, so that a class-data archive's classpath (jars only) is a
 * prefix of every query's (the launcher drops the jars' later, repeated entry).
 */
export const jarsFirst = ({ jars, sparkHome }: Pick<DefaultsInput, 'jars' | 'sparkHome'>) =>
  `${jars}/*:${path.join(sparkHome, 'jars')}/*`;

export interface DefaultsInput {
  plan: Plan;
  /** The member's folder for temporary files (memberFolders().tmp). */
  tmp: string;
  members: Member[];
  s3: S3Access;
  sizing: SparkSizing;
  /** Folder of the S3 connector jars, the same path on every member. */
  jars: string;
  /** SPARK_HOME: its jars go on the classpath before the member's configuration folder. */
  sparkHome: string;
  cds?: SparkCds;
}

export function sparkDefaults(input: DefaultsInput): string {
  const { plan, members, s3, sizing, tmp, cds } = input;
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
    'spark.driver.extraClassPath': jarsFirst(input),
    'spark.executor.extraClassPath': jarsFirst(input),
    'spark.driver.extraJavaOptions': sparkJvmOptions(local, tmp, cds?.driver),
    'spark.executor.extraJavaOptions': sparkJvmOptions(local, '.', cds?.executor),
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

/** S3A's settings in Spark's terms (jvm/s3a.ts): hadoop-aws 3.4's SDK v2 sends unsigned requests to a local S3. */
export function s3aSettings(s3: S3Access): Record<string, string> {
  const { settings } = s3aProperties(s3, 'NoOpSignerType');
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [`spark.hadoop.${key}`, value]));
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
  return hadoopXml({
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Hadoop expands ${java.io.tmpdir} itself.
    'hadoop.tmp.dir': '${java.io.tmpdir}/hadoop',
    ...s3aProperties(s3, 'NoOpSignerType').credentials,
  });
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
