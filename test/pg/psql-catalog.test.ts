/**
 * psql's `\dt` and `\d` against `metaq serve --pg-port 0`: answered from the catalog, without an
 * engine. Starts local servers: run under `flock /tmp/metaq-engine-tests.lock`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { bin, type ServeProcess, startServeProcess, tempDir } from '../serve/support';

let serve: ServeProcess;
let port: number;

beforeAll(async () => {
  const cwd = tempDir('metaq-pg-catalog-');
  await parquet(
    path.join(cwd, 'lineitem.parquet'),
    `SELECT 1::BIGINT AS l_orderkey, 17.00::DECIMAL(15,2) AS l_quantity, 'R' AS l_returnflag, DATE '1996-03-13' AS l_shipdate`,
  );
  expect(metaq(cwd, 'tables', 'add', 'lineitem', path.join(cwd, 'lineitem.parquet')).status).toBe(0);
  serve = await startServeProcess(['--pg-port', '0'], cwd);
  port = Number(/PostgreSQL +127\.0\.0\.1:(\d+)/.exec(serve.output())?.[1]);
});
afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

function metaq(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, METAQ_HOME: path.join(cwd, '.metaq') },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

async function parquet(file: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

/** psql as a user runs it: unaligned, so that the assertions read the values. */
function psql(command: string): string {
  const run = spawnSync('psql', [`postgresql://ada@127.0.0.1:${port}/metaq`, '-X', '-A', '-c', command], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('psql through metaq serve --pg-port', () => {
  it('\\dt lists the catalog tables', () => {
    expect(psql('\\dt').split('\n')).toEqual([
      'List of relations',
      'Schema|Name|Type|Owner',
      'public|lineitem|table|metaq',
      '(1 row)',
      '',
    ]);
  });

  it('\\d lineitem shows its columns with PostgreSQL types', () => {
    expect(psql('\\d lineitem').split('\n')).toEqual([
      'Table "public.lineitem"',
      'Column|Type|Collation|Nullable|Default',
      'l_orderkey|bigint|||',
      'l_quantity|numeric(15,2)|||',
      'l_returnflag|text|||',
      'l_shipdate|date|||',
      '',
    ]);
  });

  it('a table added while serve runs is in the next \\dt, and no query ran an engine', async () => {
    await parquet(path.join(serve.cwd, 'orders.parquet'), 'SELECT 1 AS o_orderkey');
    expect(metaq(serve.cwd, 'tables', 'add', 'orders', path.join(serve.cwd, 'orders.parquet')).status).toBe(
      0,
    );
    expect(psql('\\dt')).toMatch(/public\|lineitem\|table\|metaq\npublic\|orders\|table\|metaq\n\(2 rows\)/);
    expect(JSON.parse(metaq(serve.cwd, 'history', '--json').stdout)).toEqual([]);
  });
});
