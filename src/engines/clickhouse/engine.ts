/** ClickHouse through chdb: one embedded engine per worker, in its own host process (embedded/). */

import { withZonelessTimestamps } from '../../results/parquet-timestamps';
import { withoutTrailingSemicolon } from '../duckdb/statements';
import { startEmbedded } from '../embedded/engine';
import type { Column, EngineContext, RunningEngine } from '../types';
import { clickhouseScript } from './script';
import { declareTable, RESULT_TABLE, resultTarget, TABLES_DATABASE } from './tables';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { plan, s3 } = context;
  const threads = plan.config['clickhouse.max_threads'];
  const statements = [
    `CREATE DATABASE ${TABLES_DATABASE}`,
    `CREATE DATABASE ${RESULT_TABLE.split('.')[0]}`,
    ...Object.entries(plan.tables).map(([name, table]) => declareTable(name, table, s3)),
    `USE ${TABLES_DATABASE}`,
    // CAST(NULL AS T) is NULL, as standard SQL has it (ClickHouse fails on a non-Nullable T otherwise).
    'SET cast_keep_nullable = 1',
    `SET max_memory_usage = ${Math.floor(plan.memoryMb * 0.75) * 1024 * 1024}`,
    ...(threads === undefined ? [] : [`SET max_threads = ${Number(threads)}`]),
  ];
  const running = await startEmbedded(context, {
    name: 'clickhouse',
    script: clickhouseScript,
    config: () => ({
      workDir: context.workDir,
      statements,
      tables: Object.keys(plan.tables).map((name) => `${TABLES_DATABASE}.${name}`),
    }),
    request: (task) => ({
      sql: withoutTrailingSemicolon(task.sql),
      previewRows: task.previewRows,
      ...resultTarget(task.output.location, task.output.format, s3),
    }),
  });
  return { ...running, run: async (task) => withZonelessTimestamps(task, await running.run(task), zoneless) };
}

/** A DateTime without a zone is a TIMESTAMP, which ClickHouse's Parquet writer marks UTC. */
const zoneless = (column: Column) => /^DateTime(64)?(\(\d+\))?$/.test(column.type);
