/**
 * Drill's and ZooKeeper's own configuration files and command lines for one member, as plain
 * functions of the plan and the member's place in the cluster: tested by what they generate.
 */
import path from 'node:path';
import type { Plan } from '../../plan/types';
import type { Member } from '../../session/types';
import { jvmFolderOptions } from '../jvm/java';
import { assignPorts, PortsTaken, portsOnHost, takenOnHost } from '../jvm/ports';
import type { S3Access } from '../types';
import { storagePlugins } from './plugins';

export interface DrillSetup {
  plan: Pick<Plan, 'queryId' | 'memoryMb' | 'tables' | 'output'>;
  member: Member;
  head: Member;
  members: Member[];
  s3: S3Access;
  workDir: string;
  jars: string;
  zookeeperJars: string;
}

/**
 * The ports a member reserved at registration, given roles, the same way on every member so that
 * everyone agrees on the head's ZooKeeper port (jvm/ports.ts). Drill's data port is control + 1.
 * Where the member reserved both (an isolated worker's ports are a range of its own), the pair is
 * taken, so the data port is one the member declared: the overlay forwards only declared ports,
 * and a data port outside them left exchanges between drillbits refused (TPC-H Q1 on 3 isolated
 * workers hung). Otherwise the control port is one whose next port nobody else on the host holds.
 */
export function drillPorts(member: Member, members: Member[]) {
  const usable = portsOnHost(member, members, { takesNext: true });
  assignPorts('drill', member, usable, 4);
  const own = new Set(usable);
  const paired = usable.find((port) => own.has(port + 1));
  if (paired !== undefined && usable.length >= 5) {
    const [user, http, zookeeper] = usable.filter((port) => port !== paired && port !== paired + 1);
    return { user, control: paired, data: paired + 1, http, zookeeper };
  }
  const taken = takenOnHost(member, members, { takesNext: true });
  const control = usable.find((port) => !taken.has(port + 1) && !own.has(port + 1));
  if (control === undefined)
    throw new PortsTaken(
      `worker ${member.index} has no port whose next one is free for Drill's data port: run the query again`,
    );
  const [user, http, zookeeper] = usable.filter((port) => port !== control);
  return { user, control, data: control + 1, http, zookeeper };
}

/** Heap and direct memory of one drillbit out of the worker's memory (Drill's own split is 1:2). */
export function drillMemory(memoryMb: number) {
  const heapMb = Math.min(16384, Math.max(512, Math.floor(memoryMb * 0.3)));
  const directMb = Math.max(512, memoryMb - heapMb - 384);
  return { heapMb, directMb };
}

const isLoopback = (address: string) => address.startsWith('127.') || address === 'localhost';

export function folders(workDir: string) {
  const root = path.join(workDir, 'drill');
  return {
    root,
    conf: path.join(root, 'conf'),
    // The worker's logs folder, which outlives the query (types.ts).
    logs: path.join(workDir, 'logs'),
    tmp: path.join(root, 'tmp'),
    views: path.join(root, 'views'),
    zookeeper: path.join(root, 'zookeeper'),
  };
}

export function drillOverride(setup: DrillSetup): string {
  const { member, head } = setup;
  const ports = drillPorts(member, setup.members);
  const dirs = folders(setup.workDir);
  const json = JSON.stringify;
  return `# Written by metaq for one query (${setup.plan.queryId}); Drill's stock settings otherwise.
drill.exec: {
  cluster-id: ${json(`metaq-${setup.plan.queryId}`)},
  zk: { connect: ${json(`${head.address}:${drillPorts(head, setup.members).zookeeper}`)}, root: "drill", timeout: 5000, refresh: 500 },
  rpc: { bind_addr: ${json(member.address)}, user.server.port: ${ports.user}, bit.server.port: ${ports.control} },
  http: { enabled: true, bind_addr: ${json(member.address)}, port: ${ports.http} },
  # The data port is control + 1 (${ports.data}); when this member did not reserve it, hunt upwards if it is taken.
  port_hunt: true,
  # Drill refuses loopback addresses in distributed mode unless told (the local platform uses them).
  allow_loopback_address_binding: ${isLoopback(member.address)},
  sys.store.provider.local.path: ${json(path.join(dirs.root, 'store'))},
  # Query profiles (where a failed query's error is read from); Drill's default is /var/log/drill.
  sys.store.provider.zk.blobroot: ${json(`file://${path.join(dirs.root, 'profiles')}`)},
  # Without these, Drill writes under $HOME and /tmp, outside the worker's folder.
  udf.directory: { fs: "file:///", root: ${json(path.join(dirs.root, 'udf'))} },
  tmp.directories: [${json(dirs.tmp)}],
  spill.directories: [${json(path.join(dirs.root, 'spill'))}],
  compile.code_dir: ${json(path.join(dirs.root, 'codegen'))}
}
drill.tmp-dir: ${json(dirs.tmp)}
`;
}

export function storagePluginsOverride(setup: DrillSetup): string {
  return `${JSON.stringify({ storage: storagePlugins(setup.plan, setup.s3, folders(setup.workDir).views) }, null, 1)}\n`;
}

export function logback(): string {
  return `<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>\${log.path}</file>
    <encoder><pattern>%date{ISO8601} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.apache.drill" additivity="false" level="info"><appender-ref ref="FILE" /></logger>
  <root level="warn"><appender-ref ref="FILE" /></root>
</configuration>
`;
}

export function zooCfg(setup: DrillSetup): string {
  const dirs = folders(setup.workDir);
  return [
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${path.join(dirs.zookeeper, 'data')}`,
    `clientPort=${drillPorts(setup.member, setup.members).zookeeper}`,
    `clientPortAddress=${setup.member.address}`,
    'maxClientCnxns=0',
    'admin.enableServer=false',
    // 'srvr' is the readiness check: 'ruok' answers even when the server failed to start.
    '4lw.commands.whitelist=srvr',
    '',
  ].join('\n');
}

/** Drill's own drill-config.sh adds these opens on Java 9+. */
const opens = [
  'java.base/java.lang',
  'java.base/java.util',
  'java.base/sun.nio.ch',
  'java.base/java.net',
  'java.base/java.nio',
  'java.security.jgss/sun.security.krb5',
].flatMap((module) => ['--add-opens', `${module}=ALL-UNNAMED`]);

export function drillbitCommand(setup: DrillSetup): { args: string[]; env: Record<string, string> } {
  const dirs = folders(setup.workDir);
  const { heapMb, directMb } = drillMemory(setup.plan.memoryMb);
  return {
    args: [
      `-Xms${Math.min(heapMb, 512)}m`,
      `-Xmx${heapMb}m`,
      `-XX:MaxDirectMemorySize=${directMb}m`,
      '-XX:ReservedCodeCacheSize=256m',
      '-XX:+UseG1GC',
      '-Ddrill.exec.enable-epoll=false',
      '-Djava.net.preferIPv4Stack=true',
      ...opens,
      `-Dlog.path=${path.join(dirs.logs, 'drillbit.log')}`,
      ...jvmFolderOptions(dirs.tmp),
      `-Dhadoop.tmp.dir=${path.join(dirs.tmp, 'hadoop')}`,
      // conf after the jars: nothing in the jars shadows these files, and AppCDS needs jars first.
      '-cp',
      `${path.join(setup.jars, '*')}:${dirs.conf}`,
      'org.apache.drill.exec.server.Drillbit',
    ],
    // The address a drillbit advertises in ZooKeeper; otherwise it is the host's canonical name.
    env: { DRILL_HOST_NAME: setup.member.address, MALLOC_ARENA_MAX: '4' },
  };
}

export function zookeeperCommand(setup: DrillSetup): string[] {
  const dirs = folders(setup.workDir);
  return [
    '-Xms64m',
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    ...jvmFolderOptions(dirs.tmp),
    `-Dzookeeper.log.dir=${dirs.logs}`,
    `-Dlogback.configurationFile=${path.join(dirs.conf, 'zookeeper-logback.xml')}`,
    '-cp',
    path.join(setup.zookeeperJars, '*'),
    'org.apache.zookeeper.server.ZooKeeperServerMain',
    path.join(dirs.conf, 'zoo.cfg'),
  ];
}

export function zookeeperLogback(setup: DrillSetup): string {
  const file = path.join(folders(setup.workDir).logs, 'zookeeper.log');
  return `<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>${file}</file>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="FILE" /></root>
</configuration>
`;
}
