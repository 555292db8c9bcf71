/**
 * Trino, unmodified: the head runs the coordinator (which runs the query too only when it is
 * alone), every other member a worker that finds it through discovery. Start is acknowledged when
 * the coordinator knows every worker and has declared the query's tables; each query then goes
 * through Trino's REST API on the head.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients';
import { isFolder, parseS3Url } from '../../aws/s3-url';
import type { TableRef } from '../../plan/types';
import { EngineNotInstalled } from '../errors';
import { JvmMember } from '../jvm/member';
import type { EngineContext, RunningEngine } from '../types';
import { activeNodes, nodeInfo, runStatement } from './client';
import {
  accessControl,
  accessRules,
  configProperties,
  hiveCatalog,
  jvmArgs,
  logProperties,
  TRINO_CATALOG,
  TRINO_SCHEMA,
  type TrinoSetup,
  trinoPort,
} from './config';
import { TRINO_VERSION, trinoInstall, trinoInstalled } from './layout';
import { RESULT_TABLE, runQuery } from './result';
import { csvTextTable, declareTable, tableFolder } from './tables';
import { trinoTraits } from './traits';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { enginesDir, member, members, plan } = context;
  if (!trinoInstalled(enginesDir))
    throw new EngineNotInstalled('trino', enginesDir, `Trino ${TRINO_VERSION}`);
  const jvm = JvmMember.of(context, 'trino', trinoTraits.java ?? { min: 24 });
  const install = trinoInstall(enginesDir);
  const etc = jvm.folder('trino', 'etc');
  const setup: TrinoSetup = {
    plan,
    member,
    members,
    s3: context.s3,
    folders: {
      etc,
      data: jvm.folder('trino', 'data'),
      metastore: jvm.folder('trino', 'metastore'),
      tmp: jvm.tmp,
      logs: jvm.logs,
    },
  };
  jvm.writeFiles(etc, {
    'config.properties': configProperties(setup),
    'log.properties': logProperties(),
    'access-control.properties': accessControl(`${etc}/rules.json`),
    'rules.json': accessRules([
      ...Object.keys(plan.tables).flatMap((name) => [name, csvTextTable(name)]),
      RESULT_TABLE,
    ]),
  });
  jvm.writeFiles(`${etc}/catalog`, { [`${TRINO_CATALOG}.properties`]: hiveCatalog(setup) }, [
    `${TRINO_CATALOG}.properties`,
  ]);
  const base = `http://${member.address}:${trinoPort(member, members)}`;
  try {
    // The data folder is where Trino's launcher would run it.
    jvm.start('trino server', jvm.java.bin, jvmArgs(setup, install.lib, install.plugins), {
      cwd: setup.folders.data,
    });
    await jvm.waitFor(`trino at ${base} to take queries`, async () =>
      (await nodeInfo(base)).starting ? undefined : true,
    );
    if (member.rank === 0) {
      await jvm.waitFor(`the trino coordinator to schedule on all ${members.length} node(s)`, async () =>
        (await activeNodes(base)) >= members.length ? true : undefined,
      );
      await declareTables(base, plan.tables);
    }
    return {
      run: (task) =>
        member.rank === 0
          ? runQuery(base, plan, task)
          : Promise.reject(new Error('only the head runs the query')),
      stop: () => jvm.stop(),
    };
  } catch (error) {
    await jvm.stop();
    throw error;
  }
}

/** The query's schema, and each table in it (the coordinator keeps them in its own metastore). */
async function declareTables(base: string, tables: Record<string, TableRef>): Promise<void> {
  await runStatement(base, `CREATE SCHEMA ${TRINO_CATALOG}.${TRINO_SCHEMA}`);
  for (const [name, table] of Object.entries(tables)) {
    const folder = tableFolder(
      table,
      isFolder(table.location) ? undefined : await objectsBeside(table.location),
    );
    for (const statement of declareTable(name, table, folder)) await runStatement(base, statement);
  }
}

/** How many objects are in the folder of a single-file table (Hive reads the whole folder). */
async function objectsBeside(location: string): Promise<number> {
  const where = parseS3Url(location);
  if (!where) return 0;
  const prefix = where.key.slice(0, where.key.lastIndexOf('/') + 1);
  const page = await s3().send(
    new ListObjectsV2Command({ Bucket: where.bucket, Prefix: prefix, MaxKeys: 2 }),
  );
  return (page.Contents ?? []).filter((object) => !object.Key?.endsWith('/')).length;
}
