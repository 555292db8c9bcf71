/**
 * Apache Drill, unmodified, as in the paper: the head runs ZooKeeper and a drillbit, every other
 * member a drillbit that joins the same cluster. Queries go through Drill's REST API on the head.
 */

import { withZonelessTimestamps } from '../../results/parquet-timestamps';
import { EngineNotInstalled } from '../errors';
import { JvmMember } from '../jvm/member';
import type { Column, EngineContext, RunningEngine } from '../types';
import {
  type DrillSetup,
  drillbitCommand,
  drillOverride,
  drillPorts,
  folders,
  logback,
  storagePluginsOverride,
  zooCfg,
  zookeeperCommand,
  zookeeperLogback,
} from './config';
import { DRILL_VERSION, drillInstall, drillInstalled } from './layout';
import { onlineDrillbits, zookeeperServing } from './rest';
import { markWorkspace, runQuery } from './result';
import { drillTraits } from './traits';

const isTimestamp = (column: Column) => column.type === 'TIMESTAMP';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { enginesDir, member, members } = context;
  if (!drillInstalled(enginesDir))
    throw new EngineNotInstalled('drill', enginesDir, `Drill ${DRILL_VERSION}`);
  const jvm = JvmMember.of(context, 'drill', drillTraits.java ?? { min: 17 });
  const install = drillInstall(enginesDir);
  const head = members[0];
  const setup: DrillSetup = {
    plan: context.plan,
    member,
    head,
    members,
    s3: context.s3,
    workDir: context.workDir,
    jars: install.jars,
    zookeeperJars: install.zookeeperJars,
  };
  writeConfiguration(jvm, setup);
  const isHead = member.rank === 0;
  try {
    await markWorkspace(context.plan.output.location);
    const zookeeper = { host: head.address, port: drillPorts(head, members).zookeeper };
    if (isHead) jvm.start('zookeeper', jvm.java.bin, zookeeperCommand(setup), { log: 'zookeeper.out' });
    // A drillbit gives up when ZooKeeper does not answer within 10 s: wait for it first.
    await jvm.waitFor(
      `ZooKeeper at ${zookeeper.host}:${zookeeper.port} to serve`,
      async () => ((await zookeeperServing(zookeeper.host, zookeeper.port)) ? true : undefined),
      100,
    );
    const drillbit = drillbitCommand(setup);
    jvm.start('drillbit', jvm.java.bin, drillbit.args, {
      env: { ...process.env, ...drillbit.env },
      log: 'drillbit.out',
    });
    const mine = `${member.address}:${drillPorts(member, members).http}`;
    const base = `http://${mine}`;
    // The head is ready when every member's drillbit is ONLINE; another member when its own is.
    await jvm.waitFor(
      isHead ? `${members.length} drillbit(s) to be ONLINE` : `drillbit ${mine} to be ONLINE`,
      async () => {
        const online = await onlineDrillbits(base);
        return (isHead ? online.length >= members.length : online.includes(mine)) ? true : undefined;
      },
    );
    return {
      // Drill's Parquet writer marks a TIMESTAMP as UTC (parquet-timestamps.ts says why that is wrong).
      run: async (task) =>
        withZonelessTimestamps(task, await runQuery(base, context.plan, task), isTimestamp),
      stop: () => jvm.stop(),
    };
  } catch (error) {
    await jvm.stop();
    throw error;
  }
}

/** Drill's and ZooKeeper's files; the storage plugins hold the S3 credentials (owner only). */
function writeConfiguration(jvm: JvmMember, setup: DrillSetup): void {
  const dirs = folders(setup.workDir);
  for (const dir of [dirs.tmp, dirs.views, dirs.zookeeper]) jvm.folder(dir);
  jvm.writeFiles(
    dirs.conf,
    {
      'drill-override.conf': drillOverride(setup),
      'storage-plugins-override.conf': storagePluginsOverride(setup),
      'logback.xml': logback(),
      'zoo.cfg': zooCfg(setup),
      'zookeeper-logback.xml': zookeeperLogback(setup),
    },
    ['storage-plugins-override.conf'],
  );
}
