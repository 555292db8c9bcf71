/**
 * What the tests of real PostgreSQL clients share: `metaq serve --pg-port 0` with a password, in a
 * folder of its own with one registered table, `sales` (a Parquet file), and DuckDB outside metaq
 * to give the expected answer for that file.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { bin, type ServeProcess, startServeProcess, tempDir } from '../serve/support';

export interface PgServe {
  serve: ServeProcess;
  port: number;
  salesFile: string;
}

/** Starts serve with METAQ_PG_PASSWORD=`password` and the table `sales` registered. */
export async function startPgServe(password: string): Promise<PgServe> {
  const cwd = tempDir('metaq-pg-');
  const salesFile = path.join(cwd, 'sales.parquet');
  await duckdb(
    `COPY (SELECT * FROM (VALUES ('east', 10.50::DECIMAL(10,2), DATE '2024-01-02'), ('west', 7.25, DATE '2024-01-03'),
       ('east', 1.00, DATE '2024-02-01'), ('north', NULL, DATE '2024-03-04')) AS t(region, amount, day))
     TO '${salesFile}' (FORMAT parquet)`,
  );
  const added = metaq(cwd, 'tables', 'add', 'sales', salesFile);
  if (added.status !== 0) throw new Error(`metaq tables add failed:\n${added.stderr}`);
  process.env.METAQ_PG_PASSWORD = password;
  let serve: ServeProcess;
  try {
    serve = await startServeProcess(['--pg-port', '0'], cwd);
  } finally {
    delete process.env.METAQ_PG_PASSWORD;
  }
  const port = Number(/PostgreSQL +127\.0\.0\.1:(\d+)/.exec(serve.output())?.[1]);
  return { serve, port, salesFile };
}

export function metaq(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, METAQ_HOME: path.join(cwd, '.metaq') },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

export async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
