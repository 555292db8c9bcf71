/**
 * Talking to the driver on the head (driver-script.ts): files in its folder. It answers its start
 * with `ready.json` and each `query.json` with `result.json`, each written whole, then renamed.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { QueryRefused } from '../errors';
import type { JvmMember } from '../jvm/member';
import { EngineNotReady, waitUntil } from '../processes';
import type { QueryOutcome, QueryTask } from '../types';
import { fromS3a, toS3a } from './config';
import { SparkProcessLost, SparkQueryFailed } from './errors';
import { writeOptions } from './views';

export interface DriverAnswer {
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

/** The driver's answer `name`, once there (and then taken away). */
export async function answer(folder: string, name: string): Promise<DriverAnswer | undefined> {
  const file = path.join(folder, name);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as DriverAnswer;
  rmSync(file);
  return parsed;
}

export const reason = (failed: DriverAnswer) =>
  `${failed.errorClass ?? 'Error'}: ${failed.error ?? 'no reason given'}`;

/** Gives the driver the query and waits for its answer, within the query's own time limit. */
export async function runOnDriver(
  jvm: JvmMember,
  folder: string,
  task: QueryTask,
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
      jvm.processes,
      timeoutSeconds * 1000 + 30_000,
      50,
    );
  } catch (error) {
    if (error instanceof EngineNotReady) throw new SparkProcessLost(error.message, { cause: error });
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
export async function stopCluster(jvm: JvmMember, driverFolder: string): Promise<void> {
  if (existsSync(driverFolder)) writeFileSync(path.join(driverFolder, 'stop'), '');
  const driver = jvm.processes.find((process) => process.name.startsWith('spark driver'));
  if (driver) await Promise.race([driver.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  await jvm.stop();
}
