/**
 * DuckDB's gate against a real DuckDB: the second line behind the optimizer, for what reaches the
 * engine when the optimizer's parser could not read the query.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { catalogNames, checkQuery } from '../../../src/engines/duckdb/gate';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let known: Set<string>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run('CREATE VIEW lineitem AS SELECT 1 AS l_orderkey');
  known = await catalogNames(connection);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const check = (sql: string) => checkQuery(connection, sql, ['lineitem'], known);

describe('Method: checkQuery', () => {
  it('knows DuckDB’s own views, so that a CTE cannot take their names', () => {
    expect([...known]).toEqual(expect.arrayContaining(['duckdb_views', 'pg_settings', 'tables', 'lineitem']));
  });

  it('lets one query over its tables, CTEs, subqueries and plain table functions through', async () => {
    await expect(
      check(`WITH x AS (FROM lineitem SELECT *) SELECT * FROM x, range(2) r, unnest([1]) u
             WHERE l_orderkey IN (SELECT l_orderkey FROM lineitem) UNION ALL SELECT 1, 2, 3`),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['two statements', 'SELECT 1; SELECT 2', /holds 2 statements/],
    ['a statement that is not a query', 'DROP SECRET metaq_s3', /this is another statement/],
    ['a schema', 'FROM main.lineitem SELECT *', /refuses main\.lineitem/],
    ['another database', 'FROM memory.main.lineitem SELECT *', /refuses memory\.main\.lineitem/],
    ['a table in a subquery', 'SELECT (SELECT count(*) FROM duckdb_tables) AS n', /refuses duckdb_tables/],
    [
      'a table function in a CTE',
      "WITH s AS (FROM which_secret('s3://x/', 's3')) FROM s",
      /which_secret\(\)/,
    ],
    ['a setting', "SELECT upper(current_setting('s3_session_token'))", /current_setting\(\)/],
  ])('refuses %s', async (_, sql, message) => {
    await expect(check(sql)).rejects.toMatchObject({
      name: 'QueryRefused',
      message: expect.stringMatching(message),
    });
  });

  it('passes a syntax error on as DuckDB words it, not as a refusal', async () => {
    await expect(check('SELEC 1')).rejects.toMatchObject({
      name: 'Error',
      message: expect.stringMatching(/syntax error at or near "SELEC"/),
    });
  });
});
