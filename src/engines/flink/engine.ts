/**
 * Flink, unmodified: the head runs the JobManager and the SQL Gateway, every member a TaskManager
 * (the head's too: the query's work is spread over all members). Start is acknowledged when the
 * JobManager has every TaskManager and the head's gateway session has declared the query's tables;
 * each query then goes through the gateway on the head, in batch mode.
 */
import { readdirSync } from 'node:fs';
import { EngineNotInstalled } from '../errors';
import { JvmMember } from '../jvm/member';
import { getJson } from '../processes';
import type { EngineContext, RunningEngine } from '../types';
import {
  classpath,
  configYaml,
  type FlinkDaemon,
  type FlinkSetup,
  flinkConfig,
  flinkPorts,
  jvmArgs,
  log4jProperties,
} from './config';
import { FlinkSession, gatewayUp, taskManagers } from './gateway';
import { FLINK_VERSION, flinkInstall, flinkInstalled } from './layout';
import { runQuery } from './result';
import { declareTable } from './tables';
import { flinkTraits } from './traits';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { enginesDir, member, members, plan } = context;
  if (!flinkInstalled(enginesDir))
    throw new EngineNotInstalled('flink', enginesDir, `Flink ${FLINK_VERSION}`);
  const jvm = JvmMember.of(context, 'flink', flinkTraits.java ?? { min: 17 });
  const install = flinkInstall(enginesDir);
  const setup: FlinkSetup = {
    plan,
    member,
    members,
    s3: context.s3,
    folders: { conf: jvm.folder('flink', 'conf'), tmp: jvm.tmp },
  };
  jvm.writeFiles(
    setup.folders.conf,
    { 'config.yaml': configYaml(flinkConfig(setup)), 'log4j-console.properties': log4jProperties() },
    ['config.yaml'],
  );
  const jars = classpath(install.lib, readdirSync(install.lib));
  const env = { ...process.env, FLINK_PLUGINS_DIR: install.plugins, FLINK_CONF_DIR: setup.folders.conf };
  const daemon = (name: FlinkDaemon) =>
    jvm.start(`flink ${name}`, jvm.java.bin, jvmArgs(name, setup, jars), { env, cwd: setup.folders.tmp });
  const head = members[0];
  const headPorts = flinkPorts(head, members);
  const rest = `http://${head.address}:${headPorts.rest}`;
  const gateway = `http://${head.address}:${headPorts.gateway}`;
  let session: FlinkSession | undefined;
  try {
    if (member.rank === 0) daemon('jobmanager');
    daemon('taskmanager');
    if (member.rank === 0) {
      daemon('gateway');
      await jvm.waitFor(
        `all ${members.length} flink taskmanager(s) to join the jobmanager at ${rest}`,
        async () => ((await taskManagers(rest)) >= members.length ? true : undefined),
      );
      await jvm.waitFor(`the flink sql gateway at ${gateway}`, () => gatewayUp(gateway));
      session = await FlinkSession.open(gateway, {});
      for (const [name, table] of Object.entries(plan.tables))
        for (const statement of declareTable(name, table)) await session.run(statement);
    } else {
      await jvm.waitFor(
        `flink taskmanager member-${member.rank} to join the jobmanager at ${rest}`,
        async () => {
          const { taskmanagers } = await getJson<{ taskmanagers: { id: string }[] }>(`${rest}/taskmanagers`);
          return taskmanagers.some((manager) => manager.id === `member-${member.rank}`) ? true : undefined;
        },
      );
    }
    const opened = session;
    return {
      run: (task) =>
        opened ? runQuery(opened, plan, task) : Promise.reject(new Error('only the head runs the query')),
      stop: async () => {
        await opened?.close();
        await jvm.stop();
      },
    };
  } catch (error) {
    await session?.close();
    await jvm.stop();
    throw error;
  }
}
