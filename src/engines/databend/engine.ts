/** Databend through its Python binding: one embedded engine per worker, in its own host process (embedded/). */
import { startEmbedded } from '../embedded/engine';
import type { EngineContext, RunningEngine } from '../types';
import { databendGate } from './gate';
import { databendScript } from './script';
import { declareTable, RESULT_DATABASE, resultTarget } from './tables';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { plan, s3 } = context;
  const threads = plan.config['databend.max_threads'];
  const statements = [
    `CREATE DATABASE ${RESULT_DATABASE}`,
    `SET max_memory_usage = ${Math.floor(plan.memoryMb * 0.75) * 1024 * 1024}`,
    ...(threads === undefined ? [] : [`SET max_threads = ${Number(threads)}`]),
    ...Object.entries(plan.tables).flatMap(([name, table], index) => declareTable(name, table, index, s3)),
  ];
  return startEmbedded(context, {
    name: 'databend',
    script: `${databendGate}\n${databendScript}`,
    // The credentials travel on stdin only; the script keeps them out of the errors it reports.
    config: () => ({ statements, s3 }),
    request: (task) => ({
      sql: task.sql,
      previewRows: task.previewRows,
      format: task.output.format,
      ...resultTarget(task.output.location, task.output.format, s3),
    }),
  });
}
