/**
 * Trino's own configuration for one member, as plain functions of the plan and the member's place
 * in the cluster (tested by what they generate): the node's and the server's properties, the JVM's
 * options, the hive catalog over the query's S3, and file-based access control.
 */
import type { Plan } from '../../plan/types';
import type { Member } from '../../session/types';
import { jvmFolderOptions } from '../jvm/java';
import { assignPorts, portsOnHost } from '../jvm/ports';
import type { S3Access } from '../types';
import { ENGINE_USER } from './client';

/** The schema of the hive catalog that holds the query's tables (and its result). */
export const TRINO_SCHEMA = 'metaq';
export const TRINO_CATALOG = 'hive';

export interface TrinoSetup {
  plan: Pick<Plan, 'queryId' | 'memoryMb'>;
  member: Member;
  members: Member[];
  s3: S3Access;
  /** The member's folders (engine.ts). */
  folders: { etc: string; data: string; metastore: string; tmp: string; logs: string };
}

/** The node's HTTP port: Trino's nodes talk to each other over it too. */
export const trinoPort = (member: Member, members: Member[]) =>
  assignPorts('trino', member, portsOnHost(member, members), 1)[0];

export const headUrl = (members: Member[]) =>
  `http://${members[0].address}:${trinoPort(members[0], members)}`;

/** Heap out of the worker's memory, and what one query may take of it (Trino keeps 30 % free). */
export function trinoMemory(memoryMb: number) {
  const heapMb = Math.max(768, Math.floor(memoryMb * 0.8));
  return { heapMb, queryMb: Math.floor(heapMb * 0.5), headroomMb: Math.floor(heapMb * 0.3) };
}

const properties = (entries: Record<string, string | number | boolean>) =>
  `${Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;

export function configProperties({ plan, member, members }: TrinoSetup): string {
  const head = member.rank === 0;
  const memory = trinoMemory(plan.memoryMb);
  return properties({
    coordinator: head,
    // With workers, the coordinator only coordinates; alone, it runs the query too.
    ...(head && { 'node-scheduler.include-coordinator': members.length === 1 }),
    'http-server.http.port': trinoPort(member, members),
    'discovery.uri': headUrl(members),
    'query.max-memory': `${memory.queryMb * members.length}MB`,
    'query.max-memory-per-node': `${memory.queryMb}MB`,
    'memory.heap-headroom-per-node': `${memory.headroomMb}MB`,
    'catalog.management': 'static',
    // On a busy host a worker slow to answer pings was dropped (NO_NODES_AVAILABLE): metaq's own
    // heartbeats say when a worker is lost, and a dead worker fails its query either way.
    ...(head && { 'failure-detector.enabled': false }),
    // The node's own properties (Trino's launcher would pass them as system properties).
    'node.environment': 'metaq',
    'node.id': `${plan.queryId}-${member.rank}`,
    // Without it a node advertises a non-loopback address the others may not reach.
    'node.internal-address': member.address,
  });
}

/** The JVM's options, then the properties Trino's launcher would pass. */
export function jvmArgs(setup: TrinoSetup, lib: string, plugins: string): string[] {
  const { heapMb } = trinoMemory(setup.plan.memoryMb);
  return [
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+EnableDynamicAgentLoading',
    // No attach socket (/tmp/.java_pid<pid>, left behind by a killed JVM); Trino does without.
    '-XX:+DisableAttachMechanism',
    '-Dfile.encoding=UTF-8',
    ...jvmFolderOptions(setup.folders.tmp),
    `-Dconfig=${setup.folders.etc}/config.properties`,
    `-Dlog.levels-file=${setup.folders.etc}/log.properties`,
    `-Dcatalog.config-dir=${setup.folders.etc}/catalog`,
    `-Daccess-control.config-files=${setup.folders.etc}/access-control.properties`,
    `-Dplugin.dir=${plugins}`,
    '-cp',
    `${lib}/*`,
    'io.trino.server.TrinoServer',
  ];
}

/**
 * The hive catalog: the query's S3 through Trino's native S3 file system (a local S3: its endpoint
 * and path style), a file metastore on the member's own disk, and writes into external locations
 * (the result). Holds the credentials: written readable by the worker only.
 */
export function hiveCatalog({ s3, folders }: TrinoSetup): string {
  return properties({
    'connector.name': 'hive',
    'hive.metastore': 'file',
    'hive.metastore.catalog.dir': 'local:///',
    'fs.native-local.enabled': true,
    'local.location': folders.metastore,
    'hive.non-managed-table-writes-enabled': true,
    'fs.native-s3.enabled': true,
    's3.region': s3.region,
    ...(s3.endpoint && { 's3.endpoint': s3.endpoint, 's3.path-style-access': true }),
    ...(s3.pathStyle && { 's3.path-style-access': true }),
    ...(s3.accessKeyId && { 's3.aws-access-key': s3.accessKeyId }),
    ...(s3.secretAccessKey && { 's3.aws-secret-key': s3.secretAccessKey }),
  });
}

/**
 * File-based access control: the query's tables in its schema of the hive catalog, and nothing else
 * (Trino's `system` catalog, other schemas, hidden tables, procedures). Trino's gate checks the
 * tables a query reads too. `tables` are plain names (the input schema allows nothing else).
 */
export function accessRules(tables: string[]): string {
  const rules = {
    catalogs: [
      { user: ENGINE_USER, catalog: 'system', allow: 'read-only' },
      { user: 'metaq', catalog: TRINO_CATALOG, allow: 'all' },
      { allow: 'none' },
    ],
    schemas: [{ user: 'metaq', catalog: TRINO_CATALOG, schema: TRINO_SCHEMA, owner: true }, { owner: false }],
    tables: [
      // metaq's own look at the nodes: it tells the head that its workers have joined.
      { user: ENGINE_USER, catalog: 'system', schema: 'runtime', table: 'nodes', privileges: ['SELECT'] },
      {
        user: 'metaq',
        catalog: TRINO_CATALOG,
        schema: TRINO_SCHEMA,
        table: `(${tables.map((name) => name.replaceAll('$', '\\$')).join('|')})`,
        privileges: ['SELECT', 'INSERT', 'DELETE', 'UPDATE', 'OWNERSHIP', 'GRANT_SELECT'],
      },
      { privileges: [] },
    ],
    procedures: [{ privileges: [] }],
  };
  return `${JSON.stringify(rules, null, 2)}\n`;
}

export function accessControl(rulesFile: string): string {
  return properties({ 'access-control.name': 'file', 'security.config-file': rulesFile });
}

export const logProperties = () => properties({ 'io.trino': 'WARN', 'io.airlift': 'WARN' });
