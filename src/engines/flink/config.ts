/**
 * Flink's own configuration for one member, as plain functions of the plan and the member's place
 * in the cluster (tested by what they generate): its ports, the memory of its daemons, its
 * config.yaml (the S3 settings and credentials included: written readable by the worker only),
 * and the JVMs' command lines. The daemons are started as plain JVMs, as Flink's scripts would
 * start them in the foreground, so that they stay in the worker's process group.
 */
import type { Plan } from '../../plan/types';
import type { Member } from '../../session/types';
import { jvmFolderOptions } from '../jvm/java';
import { assignPorts, portsOnHost } from '../jvm/ports';
import { s3aProperties } from '../jvm/s3a';
import type { S3Access } from '../types';

export interface FlinkSetup {
  plan: Pick<Plan, 'memoryMb'>;
  member: Member;
  members: Member[];
  s3: S3Access;
  /** The member's folders (engine.ts). */
  folders: { conf: string; tmp: string };
}

/** The head's ports: JobManager RPC, blob server, REST, SQL Gateway; every member's: TaskManager RPC, data. */
export interface FlinkPorts {
  rpc: number;
  blob: number;
  rest: number;
  gateway: number;
  taskRpc: number;
  taskData: number;
}

export function flinkPorts(member: Member, members: Member[]): FlinkPorts {
  const head = member.rank === 0;
  const ports = assignPorts('flink', member, portsOnHost(member, members), head ? 6 : 2);
  const [taskRpc, taskData, rpc = 0, blob = 0, rest = 0, gateway = 0] = ports;
  return { rpc, blob, rest, gateway, taskRpc, taskData };
}

/** One slot per TaskManager: each worker's share of the query runs in its own slot. */
export const SLOTS = 1;

/**
 * The TaskManager's memory, every part given (its runner requires them all when no script has
 * computed them), out of the worker's memory; the head's other daemons take a fixed small heap.
 * Batch shuffles read through framework off-heap memory (64 MB by default: OutOfMemoryError with
 * a 64 MB framework off-heap), so it is 128 MB with 32 MB for them.
 */
export function taskManagerMemory(memoryMb: number) {
  const usable = Math.max(768, memoryMb - 256);
  const taskHeapMb = Math.floor(usable * 0.35);
  const managedMb = Math.floor(usable * 0.25);
  return {
    frameworkHeapMb: 64,
    frameworkOffHeapMb: 128,
    networkMb: 64,
    taskHeapMb,
    managedMb,
    metaspaceMb: 192,
    overheadMb: 128,
  };
}

export const JOBMANAGER_HEAP_MB = 384;
export const GATEWAY_HEAP_MB = 256;

const mb = (value: number) => `${value}m`;

/** config.yaml: flat keys, each value as JSON (YAML reads JSON), so nothing needs escaping. */
export function configYaml(entries: Record<string, string | number | boolean>): string {
  return `${Object.entries(entries)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join('\n')}\n`;
}

/** The member's whole configuration: every daemon of it reads the same file. */
export function flinkConfig({
  plan,
  member,
  members,
  s3,
  folders,
}: FlinkSetup): Record<string, string | number | boolean> {
  const head = members[0];
  const headPorts = flinkPorts(head, members);
  const own = flinkPorts(member, members);
  const memory = taskManagerMemory(plan.memoryMb);
  // The S3 plugin passes fs.s3a.* keys to Hadoop's S3A; it bundles hadoop-aws 3.3 (AWS SDK v1).
  const s3a = s3aProperties(s3, 'AWS4UnsignedPayloadSignerType');
  return {
    'jobmanager.rpc.address': head.address,
    'jobmanager.rpc.port': headPorts.rpc,
    'jobmanager.bind-host': head.address,
    'blob.server.port': String(headPorts.blob),
    'rest.address': head.address,
    'rest.bind-address': head.address,
    'rest.port': headPorts.rest,
    'sql-gateway.endpoint.rest.address': head.address,
    'sql-gateway.endpoint.rest.bind-address': head.address,
    'sql-gateway.endpoint.rest.port': headPorts.gateway,
    'taskmanager.host': member.address,
    'taskmanager.bind-host': member.address,
    'taskmanager.rpc.port': String(own.taskRpc),
    'taskmanager.data.port': own.taskData,
    'taskmanager.resource-id': `member-${member.rank}`,
    'taskmanager.numberOfTaskSlots': SLOTS,
    'taskmanager.cpu.cores': SLOTS,
    'taskmanager.memory.framework.heap.size': mb(memory.frameworkHeapMb),
    'taskmanager.memory.framework.off-heap.size': mb(memory.frameworkOffHeapMb),
    'taskmanager.memory.framework.off-heap.batch-shuffle.size': '32m',
    'taskmanager.memory.task.heap.size': mb(memory.taskHeapMb),
    'taskmanager.memory.task.off-heap.size': '0m',
    'taskmanager.memory.network.min': mb(memory.networkMb),
    'taskmanager.memory.network.max': mb(memory.networkMb),
    'taskmanager.memory.managed.size': mb(memory.managedMb),
    'taskmanager.memory.jvm-metaspace.size': mb(memory.metaspaceMb),
    'taskmanager.memory.jvm-overhead.min': mb(memory.overheadMb),
    'taskmanager.memory.jvm-overhead.max': mb(memory.overheadMb),
    'parallelism.default': members.length * SLOTS,
    'execution.runtime-mode': 'batch',
    // A lost member fails the query (metaq says WorkerLost): no restart on the members left.
    'restart-strategy.type': 'none',
    // Table hints could point a table at any path (OPTIONS('path' = ...)): off.
    'table.dynamic-table-options.enabled': false,
    'io.tmp.dirs': folders.tmp,
    'web.submit.enable': false,
    'web.cancel.enable': false,
    ...s3a.settings,
    ...s3a.credentials,
  };
}

/** The module options Flink's config.yaml gives every JVM (env.java.opts.all), for Java 17. */
const JAVA_OPENS = [
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  ...[
    'java.lang',
    'java.net',
    'java.io',
    'java.nio',
    'sun.nio.ch',
    'java.lang.reflect',
    'java.text',
    'java.time',
    'java.util',
    'java.util.concurrent',
    'java.util.concurrent.atomic',
    'java.util.concurrent.locks',
  ].map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
];

export type FlinkDaemon = 'jobmanager' | 'taskmanager' | 'gateway';

const mainClasses: Record<FlinkDaemon, string> = {
  jobmanager: 'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint',
  taskmanager: 'org.apache.flink.runtime.taskexecutor.TaskManagerRunner',
  gateway: 'org.apache.flink.table.gateway.SqlGateway',
};

/** A daemon's JVM options (its heap as Flink's scripts would size it), classpath, main class and arguments. */
export function jvmArgs(daemon: FlinkDaemon, setup: FlinkSetup, classpath: string): string[] {
  const memory = taskManagerMemory(setup.plan.memoryMb);
  const heap =
    daemon === 'taskmanager'
      ? [
          `-Xmx${memory.frameworkHeapMb + memory.taskHeapMb}m`,
          `-XX:MaxDirectMemorySize=${memory.frameworkOffHeapMb + memory.networkMb}m`,
          `-XX:MaxMetaspaceSize=${memory.metaspaceMb}m`,
        ]
      : [`-Xmx${daemon === 'jobmanager' ? JOBMANAGER_HEAP_MB : GATEWAY_HEAP_MB}m`];
  return [
    ...heap,
    '-XX:+ExitOnOutOfMemoryError',
    // No attach socket (/tmp/.java_pid<pid>), which a killed JVM leaves behind.
    '-XX:+DisableAttachMechanism',
    ...JAVA_OPENS,
    ...jvmFolderOptions(setup.folders.tmp),
    `-Dlog4j.configurationFile=file:${setup.folders.conf}/log4j-console.properties`,
    '-cp',
    classpath,
    mainClasses[daemon],
    '--configDir',
    setup.folders.conf,
  ];
}

/** Log to the console, which the worker sends to the daemon's log file. */
export const log4jProperties = () =>
  [
    'rootLogger.level = WARN',
    'rootLogger.appenderRef.console.ref = ConsoleAppender',
    'appender.console.name = ConsoleAppender',
    'appender.console.type = CONSOLE',
    'appender.console.layout.type = PatternLayout',
    'appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n',
    'logger.flink.name = org.apache.flink',
    'logger.flink.level = INFO',
    '',
  ].join('\n');

/** The jars of lib/ in the order Flink's scripts put them: sorted, flink-dist last. */
export function classpath(lib: string, jars: string[]): string {
  const sorted = jars.filter((jar) => jar.endsWith('.jar')).sort();
  const dist = sorted.filter((jar) => jar.startsWith('flink-dist'));
  return [...sorted.filter((jar) => !dist.includes(jar)), ...dist].map((jar) => `${lib}/${jar}`).join(':');
}
