/** DuckDB: one process, one worker. Reads the query's tables straight from S3 through httpfs. */
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { EngineContext, QueryOutcome, QueryTask, RunningEngine } from '../types';
import { httpfsPath } from './extensions';
import { catalogNames, checkQuery } from './gate';
import { copyResult, lockDown, materialise, RESULT_TABLE, s3Secret, tableView } from './statements';
import { previewValue } from './values';

export async function start(context: EngineContext): Promise<RunningEngine> {
  const { plan } = context;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`LOAD '${httpfsPath(context.enginesDir)}'`);
  await connection.run(s3Secret(context.s3));
  for (const [name, table] of Object.entries(plan.tables)) await connection.run(tableView(name, table));
  const known = await catalogNames(connection);
  const settings = lockDown({
    readable: [...Object.values(plan.tables).map((table) => table.location), plan.output.location],
    memoryMb: plan.memoryMb,
    spillDir: path.join(context.workDir, 'spill'),
    threads: plan.config['duckdb.threads'] === undefined ? undefined : Number(plan.config['duckdb.threads']),
  });
  for (const statement of settings) await connection.run(statement);
  const tables = Object.keys(plan.tables);
  return {
    run: async (task) => {
      await checkQuery(connection, task.sql, tables, known);
      return run(connection, task);
    },
    stop: async () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function run(connection: DuckDBConnection, task: QueryTask): Promise<QueryOutcome> {
  await connection.run(`DROP TABLE IF EXISTS ${RESULT_TABLE}`);
  await connection.run(materialise(task.sql));
  const copy = copyResult(task.output.location, task.output.format);
  await connection.run(copy.statement);
  const count = await connection.runAndReadAll(`SELECT count(*) FROM ${RESULT_TABLE}`);
  const preview = await connection.runAndReadAll(`SELECT * FROM ${RESULT_TABLE} LIMIT ${task.previewRows}`);
  const types = preview.columnTypes().map(String);
  const names = preview.deduplicatedColumnNames();
  const raw = preview.getRows();
  return {
    rows: Number(count.getRows()[0][0]),
    columns: names.map((name, i) => ({ name, type: types[i] })),
    preview: preview
      .getRowsJS()
      .map((row, r) =>
        Object.fromEntries(names.map((name, i) => [name, previewValue(row[i], raw[r][i], types[i])])),
      ),
    files: [copy.file],
  };
}
