/**
 * Two more real clients against `metaq serve --pg-port`: psycopg 3 (Python, libpq) and pgJDBC
 * (Java), each a program of its own in clients/ that prints what it got as JSON. Installed by
 * clients/install.ts. Engines run: wrap in `flock /tmp/metaq-engine-tests.lock`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { settings } from '../../src/config';
import type { ServeProcess } from '../serve/support';
import { installedPgClients } from './clients/install';
import { duckdb, startPgServe } from './support';

const password = 'pg-clients-secret';
const clients = installedPgClients(settings().enginesDir);
let serve: ServeProcess;
let port: number;
let salesFile: string;

beforeAll(async () => {
  ({ serve, port, salesFile } = await startPgServe(password));
});
afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

/** Runs a client program; its stdout, failing with its stderr when it exits non-zero. */
function run(command: string, args: string[]): string {
  const ran = spawnSync(command, args, {
    env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (ran.status !== 0) throw new Error(`${command} exited with ${ran.status}:\n${ran.stderr}${ran.stdout}`);
  return ran.stdout;
}

/** The rows DuckDB gives outside metaq for `where` over the same file, each value as text. */
async function salesAsText(where: string): Promise<string[][]> {
  const rows = await duckdb(
    `SELECT region::VARCHAR AS region, amount::VARCHAR AS amount, day::VARCHAR AS day
     FROM read_parquet('${salesFile}') WHERE ${where} ORDER BY day`,
  );
  return rows.map((row) => [row.region, row.amount, row.day] as string[]);
}

describe('psycopg 3 through metaq serve --pg-port', () => {
  let report: { columns: string[]; rows: string[][]; errors: Record<string, string>[] };

  beforeAll(() => {
    report = JSON.parse(
      run(clients.python, [path.join(__dirname, 'clients', 'psycopg_check.py'), String(port)]),
    );
  });

  it("cur.execute with %s parameters (a str and an int): DuckDB's rows for the same file", async () => {
    expect(report.columns).toEqual(['region', 'amount', 'day']);
    expect(report.rows).toEqual(await salesAsText("region = 'east' AND amount > 0"));
    expect(report.rows).toHaveLength(2);
  });

  it('failing statements: the psycopg.errors class of their SQLSTATE', () => {
    expect(report.errors).toEqual([
      { sql: 'SELEC 1', class: 'SyntaxError', sqlstate: '42601', message: expect.any(String) },
      {
        sql: 'SELECT * FROM no_such_table',
        class: 'UndefinedTable',
        sqlstate: '42P01',
        message: expect.stringMatching(/no_such_table/),
      },
    ]);
  });
});

describe('pgJDBC through metaq serve --pg-port (default connection options)', () => {
  let lines: Record<string, unknown>[];
  /** The lines of one kind, without their kind. */
  const ofKind = (kind: string) =>
    lines.filter((line) => line.kind === kind).map(({ kind: _, ...rest }) => rest);
  const failed = (step: string) => ofKind('failed').filter((line) => line.step === step);

  beforeAll(() => {
    const program = path.join(__dirname, 'clients', 'JdbcCheck.java');
    const output = run('java', ['-cp', clients.jar, program, String(port)]);
    lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  });

  it("a PreparedStatement with setString and setInt: DuckDB's rows for the same file", async () => {
    expect(failed('rows')).toEqual([]);
    const expected = await salesAsText("region = 'east' AND amount >= 2");
    expect(ofKind('row')).toEqual(expected.map(([region, amount, day]) => ({ region, amount, day })));
    expect(expected).toHaveLength(1);
  });

  it('one PreparedStatement executed 6 times: from the 5th on a named statement, then binary results', async () => {
    expect(failed('reused')).toEqual([]);
    const expected = await duckdb(
      `SELECT least::INTEGER AS least, count(amount) FILTER (WHERE amount >= least)::INTEGER AS n
       FROM range(6) AS t(least), read_parquet('${salesFile}') GROUP BY least ORDER BY least`,
    );
    expect(ofKind('count')).toEqual(expected);
  });

  it('DatabaseMetaData.getTables and getColumns: the registered table and its columns', () => {
    expect([...failed('getTables'), ...failed('getColumns')]).toEqual([]);
    expect(ofKind('table')).toEqual([{ catalog: 'metaq', schema: 'public', name: 'sales', type: 'TABLE' }]);
    // java.sql.Types: VARCHAR 12, NUMERIC 2, DATE 91
    expect(ofKind('column').map(({ catalog: _, ...column }) => column)).toEqual([
      { position: 1, name: 'region', type: 'text', sqlType: 12 },
      { position: 2, name: 'amount', type: 'numeric', sqlType: 2 },
      { position: 3, name: 'day', type: 'date', sqlType: 91 },
    ]);
  });

  it("getColumns' TABLE_CAT is the database, as getTables' is (pgJDBC asks `select current_catalog`)", () => {
    expect(ofKind('column').map((column) => column.catalog)).toEqual(['metaq', 'metaq', 'metaq']);
  });

  it('a missing table: an SQLException with SQLState 42P01', () => {
    expect(ofKind('error')).toEqual([{ sqlstate: '42P01', message: expect.stringMatching(/no_such_table/) }]);
  });
});
