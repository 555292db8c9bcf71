/**
 * Spark: one standalone cluster per query. Every member runs a Spark worker; the head also runs
 * the master and the driver. Start is acknowledged when the cluster is ready to take the query: on
 * the head, when every member's worker is ALIVE and the driver holds an executor on each of them.
 *
 * Why a driver started by spark-submit at engine start, and not a Spark Connect server: each
 * cluster runs exactly one query, so what counts is start plus one query, not warm queries. Measured
 * here (FINDINGS in the lab, 2 cores): the Connect server took 17–43 s to open its port and its
 * first query 25–60 s (it is what warms the executors), against 14–21 s for a whole spark-submit
 * query with C1-only JVMs; Connect's advantage (1–4 s per query) exists only from the second query
 * on, and it needs pandas, pyarrow and grpcio besides. Starting the driver during StartEngine, and
 * warming it up there, keeps the Submit phase to the query itself, as Connect would.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryRefused } from '../errors';
import { JvmMember } from '../jvm/member';
import type { EngineContext, RunningEngine } from '../types';
import { waitForMaster, waitForWorkers, writeConfiguration } from './cluster';
import { driverCommand, masterCommand, memberFolders, sparkEnvironment, workerCommand } from './commands';
import { coreSite, executorJavaOpts, log4j2, sparkDefaults, sparkSizing, withDistinctPorts } from './config';
import { answer, reason, runOnDriver, stopCluster } from './driver';
import { DRIVER_FILE, driverScript } from './driver-script';
import { SparkStartFailed } from './errors';
import { requireSpark } from './layout';
import { sparkTraits } from './traits';
import { views } from './views';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { plan, workDir, s3 } = context;
  const members = withDistinctPorts(context.members);
  const member = members[context.member.rank];
  const layout = requireSpark(context.enginesDir);
  const jvm = JvmMember.of(context, 'spark', sparkTraits.java ?? { min: 17 });
  const local = plan.platform === 'local';
  const sizing = sparkSizing(plan, local ? 1 : os.availableParallelism());
  const head = members[0];
  const folders = memberFolders(workDir);
  writeConfiguration(jvm, workDir, {
    defaults: sparkDefaults({
      plan,
      members,
      s3,
      sizing,
      jars: layout.jars,
      sparkHome: layout.sparkHome,
      tmp: folders.tmp,
      cds: { driver: jvm.cdsOptions('spark driver'), executor: jvm.cdsOptions('spark executor') },
    }),
    log4j2: log4j2(),
    coreSite: coreSite(s3),
    javaOpts: executorJavaOpts(member),
  });
  const environment = { layout, member, sizing, java: jvm.java, workDir, local };
  const env = sparkEnvironment(environment, process.env);
  const startSpark = (what: string, { command, args }: { command: string; args: string[] }) => {
    // The driver reads the configuration without `java-opts` (cluster.ts); a daemon its own archive
    // (the driver's and executors' are in spark-defaults.conf).
    if (what === 'driver')
      return jvm.start('spark driver', command, args, {
        env: { ...env, SPARK_CONF_DIR: folders.driverConf },
        cwd: workDir,
      });
    const daemonCds = jvm.cdsOptions(`spark ${what}`);
    const own = daemonCds.length > 0 ? sparkEnvironment({ ...environment, daemonCds }, process.env) : env;
    return jvm.start(`spark ${what}`, command, args, { env: own, cwd: workDir });
  };
  const stop = () => stopCluster(jvm, folders.driver);
  try {
    if (member.rank === 0) startSpark('master', masterCommand(layout, head));
    startSpark('worker', workerCommand(layout, member, head, sizing, workDir));
    if (member.rank !== 0) {
      await waitForWorkers(jvm, head, [member]);
      return { run: acknowledgeOnly, stop };
    }
    // The driver starts as soon as the master is up (JVM starts overlap: 10 s less on 2 cores);
    // it gets its executors as the workers join.
    await waitForMaster(jvm, head);
    writeFileSync(path.join(folders.driver, DRIVER_FILE), driverScript);
    writeFileSync(
      path.join(folders.driver, 'start.json'),
      JSON.stringify({ sql: plan.sql, views: views(plan.tables) }),
    );
    startSpark(
      'driver',
      driverCommand(layout, path.join(folders.driver, DRIVER_FILE), folders.driver, members.length),
    );
    // A driver that failed (or refused the query) answers, then exits: its answer says why.
    const ready = await jvm
      .waitFor(`the Spark driver had an executor on each of ${members.length} worker(s)`, () =>
        answer(folders.driver, 'ready.json'),
      )
      .catch(async (error) => (await answer(folders.driver, 'ready.json')) ?? Promise.reject(error));
    if (!ready.ok && ready.refused) throw new QueryRefused(ready.error ?? 'spark refused the query');
    if (!ready.ok) throw new SparkStartFailed(`the Spark driver failed while starting: ${reason(ready)}`);
    await waitForWorkers(jvm, head, members);
    return { run: (task) => runOnDriver(jvm, folders.driver, task, plan.limits.timeoutSeconds), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Members other than the head take part through their workers; the head runs the query. */
async function acknowledgeOnly(): Promise<never> {
  throw new Error('only the head runs the query');
}
