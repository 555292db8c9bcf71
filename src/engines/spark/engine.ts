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
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryRefused } from '../errors';
import { requireJava } from '../java';
import { EngineNotReady, type EngineProcess, waitUntil } from '../processes';
import type { EngineContext, QueryOutcome, QueryTask, RunningEngine } from '../types';
import { startSparkProcess, waitForMaster, waitForWorkers, writeConfiguration } from './cluster';
import { driverCommand, masterCommand, memberFolders, sparkEnvironment, workerCommand } from './commands';
import { coreSite, fromS3a, log4j2, sparkDefaults, sparkSizing, toS3a, withDistinctPorts } from './config';
import { DRIVER_FILE, driverScript } from './driver-script';
import { SparkProcessLost, SparkQueryFailed, SparkStartFailed } from './errors';
import { JAVA_MAX, JAVA_MIN, requireSpark } from './layout';
import { views, writeOptions } from './views';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { plan, workDir, s3 } = context;
  const members = withDistinctPorts(context.members);
  const member = members[context.member.rank];
  const layout = requireSpark(context.enginesDir);
  const java = requireJava('spark', JAVA_MIN, JAVA_MAX);
  const local = plan.platform === 'local';
  const sizing = sparkSizing(plan, local ? 1 : os.availableParallelism());
  const head = members[0];
  writeConfiguration(workDir, {
    defaults: sparkDefaults({
      plan,
      members,
      s3,
      sizing,
      jars: layout.jars,
      tmp: memberFolders(workDir).tmp,
    }),
    log4j2: log4j2(),
    coreSite: coreSite(s3),
  });
  const env = sparkEnvironment({ layout, member, sizing, java, workDir, local }, process.env);
  const processes: EngineProcess[] = [];
  const stop = () => stopAll(processes, memberFolders(workDir).driver);
  try {
    if (member.rank === 0)
      processes.push(startSparkProcess('master', masterCommand(layout, head), workDir, env));
    processes.push(
      startSparkProcess('worker', workerCommand(layout, member, head, sizing, workDir), workDir, env),
    );
    if (member.rank !== 0) {
      await waitForWorkers(head, [member], processes, context.startTimeoutMs);
      return { run: acknowledgeOnly, stop };
    }
    // The driver starts as soon as the master is up (JVM starts overlap: 10 s less on 2 cores);
    // it gets its executors as the workers join.
    await waitForMaster(head, processes, context.startTimeoutMs);
    const folder = memberFolders(workDir).driver;
    writeFileSync(path.join(folder, DRIVER_FILE), driverScript);
    writeFileSync(
      path.join(folder, 'start.json'),
      JSON.stringify({ sql: plan.sql, views: views(plan.tables) }),
    );
    const driverArgs = driverCommand(layout, path.join(folder, DRIVER_FILE), folder, members.length);
    processes.push(startSparkProcess('driver', driverArgs, workDir, env));
    // A driver that failed (or refused the query) answers, then exits: its answer says why.
    const ready = await waitUntil(
      `the Spark driver had an executor on each of ${members.length} worker(s)`,
      async () => answer(folder, 'ready.json'),
      processes,
      context.startTimeoutMs,
    ).catch(async (error) => (await answer(folder, 'ready.json')) ?? Promise.reject(error));
    if (!ready.ok && ready.refused) throw new QueryRefused(ready.error ?? 'spark refused the query');
    if (!ready.ok) throw new SparkStartFailed(`the Spark driver failed while starting: ${reason(ready)}`);
    await waitForWorkers(head, members, processes, context.startTimeoutMs);
    return { run: (task) => run(folder, task, processes, plan.limits.timeoutSeconds), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface DriverAnswer {
  ok: boolean;
  /** The driver's gate refused the query (see driver-script.ts). */
  refused?: boolean;
  error?: string;
  errorClass?: string;
  rows?: number;
  columns?: QueryOutcome['columns'];
  preview?: QueryOutcome['preview'];
  files?: string[];
}

async function answer(folder: string, name: string): Promise<DriverAnswer | undefined> {
  const file = path.join(folder, name);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as DriverAnswer;
  rmSync(file);
  return parsed;
}

const reason = (failed: DriverAnswer) =>
  `${failed.errorClass ?? 'Error'}: ${failed.error ?? 'no reason given'}`;

/** Members other than the head take part through their workers; the head runs the query. */
async function acknowledgeOnly(): Promise<QueryOutcome> {
  throw new Error('only the head runs the query');
}

async function run(
  folder: string,
  task: QueryTask,
  processes: EngineProcess[],
  timeoutSeconds: number,
): Promise<QueryOutcome> {
  const spec = {
    sql: task.sql,
    previewRows: task.previewRows,
    output: {
      path: toS3a(task.output.location),
      format: task.output.format,
      options: writeOptions[task.output.format],
    },
  };
  const query = path.join(folder, 'query.json');
  writeFileSync(`${query}.tmp`, JSON.stringify(spec));
  renameSync(`${query}.tmp`, query);
  let result: DriverAnswer;
  try {
    result = await waitUntil(
      'the Spark driver answered',
      () => answer(folder, 'result.json'),
      processes,
      timeoutSeconds * 1000 + 30_000,
      50,
    );
  } catch (error) {
    if (error instanceof EngineNotReady) throw new SparkProcessLost(error.message);
    throw error;
  }
  if (!result.ok && result.refused) throw new QueryRefused(result.error ?? 'spark refused the query');
  if (!result.ok) throw new SparkQueryFailed(reason(result));
  return {
    rows: result.rows ?? 0,
    columns: result.columns ?? [],
    preview: result.preview ?? [],
    files: (result.files ?? []).map(fromS3a),
  };
}

/** The driver first (asked to finish, so that it releases its executors), then worker and master. */
async function stopAll(processes: EngineProcess[], driverFolder: string): Promise<void> {
  if (existsSync(driverFolder)) writeFileSync(path.join(driverFolder, 'stop'), '');
  const driver = processes.find((process) => process.name.startsWith('spark driver'));
  if (driver) await Promise.race([driver.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  for (const process of [...processes].reverse()) await process.stop(3000);
}
