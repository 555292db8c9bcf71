/**
 * Real clients against `metaq serve --pg-port`: node-postgres and psql run queries that are metaq
 * executions (DuckDB, one worker), with the same history records as any other query.
 * Engines run: wrap in `flock /tmp/metaq-engine-tests.lock`.
 */
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { Client, type ClientConfig } from 'pg';
import { serialize } from 'pg-protocol';
import { eventually, type ServeProcess, workersOf } from '../serve/support';
import { duckdb, metaq, startPgServe } from './support';

const password = 'pg-test-secret';
const asText = { getTypeParser: () => (value: string) => value };
let serve: ServeProcess;
let port: number;
let salesFile: string;

beforeAll(async () => {
  ({ serve, port, salesFile } = await startPgServe(password));
});
afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

async function withClient<T>(work: (client: Client) => Promise<T>, config: ClientConfig = {}): Promise<T> {
  const client = new Client({ host: '127.0.0.1', port, user: 'ada', database: 'metaq', password, ...config });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('node-postgres through metaq serve --pg-port', () => {
  it('SELECT 42: one execution, an int4 column, SELECT 1', async () => {
    const result = await withClient((client) =>
      client.query('/* metaq: engine=duckdb workers=1 */ SELECT 42 AS answer'),
    );
    expect(result.rows).toEqual([{ answer: 42 }]);
    expect(result.fields.map((field) => field.dataTypeID)).toEqual([23]);
    expect(result.command).toBe('SELECT');
    expect(result.rowCount).toBe(1);
  });

  it('a query over a registered table: the rows and types DuckDB gives for the same file', async () => {
    const sql = `SELECT region, count(*) AS n, sum(amount) AS total, min(day) AS first_day, bool_or(amount > 5) AS big
      FROM sales GROUP BY region ORDER BY region`;
    const result = await withClient(
      async (client) => {
        await client.query("SET metaq.engine = 'duckdb'");
        await client.query('SET metaq.workers = 1');
        return client.query(sql);
      },
      { types: asText },
    );
    const expected = await duckdb(
      `SELECT region::VARCHAR AS region, n::VARCHAR AS n, total::VARCHAR AS total, first_day::VARCHAR AS first_day,
         CASE WHEN big THEN 't' WHEN NOT big THEN 'f' END AS big
       FROM (${sql.replace('FROM sales', `FROM read_parquet('${salesFile}')`)})`,
    );
    expect(result.rows).toEqual(expected);
    expect(result.rows).toHaveLength(3);
    // text, int8, numeric, date, bool
    expect(result.fields.map((field) => field.dataTypeID)).toEqual([25, 20, 1700, 1082, 16]);
  });

  it("parameters through the extended protocol: a quote in a value is data, and the rows are DuckDB's", async () => {
    const sql = 'SELECT region, amount FROM sales WHERE region = $1 OR region = $2 ORDER BY amount';
    const result = await withClient(
      async (client) => {
        await client.query("SET metaq.engine = 'duckdb'");
        return client.query(sql, ['east', "north' OR '1'='1"]);
      },
      { types: asText },
    );
    const expected = await duckdb(
      `SELECT region::VARCHAR AS region, amount::VARCHAR AS amount FROM read_parquet('${salesFile}')
       WHERE region = 'east' ORDER BY amount`,
    );
    expect(result.rows).toEqual(expected);
    expect(result.rows).toHaveLength(2);
  });

  it.each([
    ['SELEC 1', '42601'],
    ['SELECT * FROM no_such_table', '42P01'],
  ])('%s: ErrorResponse %s with the engine message and the metaq error name', async (sql, code) => {
    const error = await withClient((client) => client.query(sql)).catch((caught) => caught);
    expect(error).toMatchObject({ code, detail: expect.stringMatching(/^metaq error: \w+/) });
  });

  it('a wrong password is refused', async () => {
    await expect(withClient(async () => undefined, { password: 'nope' })).rejects.toMatchObject({
      code: '28P01',
    });
  });

  it('SET metaq.engine with an invalid value: an ErrorResponse naming the setting', async () => {
    await expect(withClient((client) => client.query("SET metaq.engine = 'oracle'"))).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/metaq\.engine/),
    });
  });
});

describe('CancelRequest', () => {
  it('stops the running query (57014) and leaves no worker', async () => {
    const error = await withClient(async (client) => {
      const running = client.query('SELECT count(*) AS n FROM range(1000000000000) AS t(i) WHERE i % 7 = 3');
      // The key node-postgres keeps from BackendKeyData; a cancel comes on a connection of its own.
      const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const canceller = connect(port, '127.0.0.1', () =>
        canceller.end(serialize.cancel(processID, secretKey)),
      );
      return running.catch((caught) => caught);
    });
    expect(error).toMatchObject({ code: '57014', detail: 'metaq error: ExecutionAborted' });
    await eventually(() => (workersOf(serve.home).length === 0 ? true : undefined), 30_000);
  });
});

describe('psql through metaq serve --pg-port', () => {
  it('runs a query and prints its rows', () => {
    const run = spawnSync(
      'psql',
      [`postgresql://ada@127.0.0.1:${port}/metaq`, '-X', '-A', '-t', '-c', 'SELECT 6 * 7 AS psql_answer'],
      {
        env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('42');
    expect(run.status).toBe(0);
  });
});

describe('metaq history', () => {
  it('lists every statement that ran an engine, tagged as from a PostgreSQL client', () => {
    const history = JSON.parse(metaq(serve.cwd, 'history', '--json').stdout) as {
      sql: string;
      engine?: string;
    }[];
    const sqls = history.map((entry) => entry.sql);
    expect(sqls).toEqual(
      expect.arrayContaining([
        'SELECT 42 AS answer',
        'SELEC 1',
        'SELECT * FROM no_such_table',
        'SELECT 6 * 7 AS psql_answer',
        "SELECT region, amount FROM sales WHERE region = 'east' OR region = 'north'' OR ''1''=''1' ORDER BY amount",
      ]),
    );
    expect(sqls.filter((sql) => /SET|SHOW|version\(\)/i.test(sql))).toEqual([]);
  });
});
