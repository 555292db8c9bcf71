/**
 * Apache Drill, unmodified, as in the paper: the head runs ZooKeeper and a drillbit, every other
 * member a drillbit that joins the same cluster. Queries go through Drill's REST API on the head.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineNotInstalled } from '../errors';
import { requireJava } from '../java';
import { type EngineProcess, startProcess, waitUntil } from '../processes';
import type { EngineContext, RunningEngine } from '../types';
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
import { DRILL_VERSION, drillInstall, drillInstalled, JAVA_MAX, JAVA_MIN } from './layout';
import { onlineDrillbits, zookeeperServing } from './rest';
import { runQuery } from './result';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const java = requireJava('drill', JAVA_MIN, JAVA_MAX);
  const { enginesDir } = context;
  if (!drillInstalled(enginesDir))
    throw new EngineNotInstalled('drill', enginesDir, `Drill ${DRILL_VERSION}`);
  const install = drillInstall(enginesDir);
  const head = context.members[0];
  const setup: DrillSetup = {
    plan: context.plan,
    member: context.member,
    head,
    members: context.members,
    s3: context.s3,
    workDir: context.workDir,
    jars: install.jars,
    zookeeperJars: install.zookeeperJars,
  };
  writeConfiguration(setup);
  const dirs = folders(setup.workDir);
  const isHead = context.member.rank === 0;
  const processes: EngineProcess[] = [];
  const stop = async () => {
    for (const process of [...processes].reverse()) await process.stop(3000);
  };
  try {
    const zookeeper = { host: head.address, port: drillPorts(head, context.members).zookeeper };
    if (isHead) {
      const args = zookeeperCommand(setup);
      processes.push(
        startProcess('zookeeper', java.bin, args, { log: path.join(dirs.logs, 'zookeeper.out') }),
      );
    }
    // A drillbit gives up when ZooKeeper does not answer within 10 s: wait for it first.
    await waitUntil(
      `ZooKeeper at ${zookeeper.host}:${zookeeper.port} to serve`,
      async () => ((await zookeeperServing(zookeeper.host, zookeeper.port)) ? true : undefined),
      processes,
      context.startTimeoutMs,
      100,
    );
    const drillbit = drillbitCommand(setup);
    processes.push(
      startProcess('drillbit', java.bin, drillbit.args, {
        env: { ...process.env, ...drillbit.env },
        log: path.join(dirs.logs, 'drillbit.out'),
      }),
    );
    const base = `http://${context.member.address}:${drillPorts(context.member, context.members).http}`;
    // The head is ready when every member's drillbit is ONLINE; another member when its own is.
    const wanted = isHead ? context.members.length : 1;
    const mine = `${context.member.address}:${drillPorts(context.member, context.members).http}`;
    await waitUntil(
      isHead ? `${wanted} drillbit(s) to be ONLINE` : `drillbit ${mine} to be ONLINE`,
      async () => {
        const online = await onlineDrillbits(base);
        const ready = isHead ? online.length >= wanted : online.includes(mine);
        return ready ? true : undefined;
      },
      processes,
      context.startTimeoutMs,
    );
    return {
      run: (task) => runQuery(base, context.plan, task),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function writeConfiguration(setup: DrillSetup): void {
  const dirs = folders(setup.workDir);
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'drill-override.conf': drillOverride(setup),
    'storage-plugins-override.conf': storagePluginsOverride(setup),
    'logback.xml': logback(),
    'zoo.cfg': zooCfg(setup),
    'zookeeper-logback.xml': zookeeperLogback(setup),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dirs.conf, name), text);
}
