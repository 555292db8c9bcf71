/**
 * Warm DuckDB: one instance set up as metaq's DuckDB engine sets up each of its own (httpfs, the S3
 * secret, one view per table, the same memory limit and lock-down), kept for the whole run.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { settings } from '../../src/config';
import { httpfsPath } from '../../src/engines/duckdb/extensions';
import { lockDown, s3Secret, tableView } from '../../src/engines/duckdb/statements';
import { s3AccessFromEnv } from '../../src/session/s3-access';
import type { BenchEngine, WarmEngine, WarmSetup } from '../engines';

async function startWarm({ tables, memoryMb }: WarmSetup): Promise<WarmEngine> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'metaq-bench-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`LOAD '${httpfsPath(settings().enginesDir)}'`);
  await connection.run(s3Secret(s3AccessFromEnv(process.env)));
  for (const [name, table] of Object.entries(tables)) await connection.run(tableView(name, table));
  const locations = Object.values(tables).map((table) => table.location);
  for (const statement of lockDown({ readable: locations, memoryMb, spillDir: path.join(workDir, 'spill') }))
    await connection.run(statement);
  return {
    run: async (sql) => {
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRowsJson() };
    },
    stop: async () => {
      connection.closeSync();
      instance.closeSync();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

// DuckDB runs in one process: metaq gives it exactly one worker, and so does the warm baseline.
export const duckdbBench: BenchEngine = { name: 'duckdb', startWarm };
