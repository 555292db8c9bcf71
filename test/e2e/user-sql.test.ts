/**
 * User SQL stays inside its query, tried as a user would: through metaq, on DuckDB (the engine the
 * embedded default picks) and, for what the optimizer refuses before launch, on every engine of the
 * registry. Spark's and Drill's own gates are tried in test/engines/<engine>/lockdown.test.ts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getRecord } from '../../src/history/store';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { uploadTable } from '../../src/local/upload';
import { registerTable } from '../../src/plan/register-table';
import { engineNames } from '../../src/plan/types';
import { liveWorkers, startTestRuntime, tempDir } from '../support/runtime';

let runtime: LocalRuntime;
let tables: Record<string, { location: string; format: 'csv' }>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const file = path.join(tempDir('metaq-user-sql-'), 'options.csv');
  writeFileSync(file, 'name,value\nalpha,1\nbeta,2\n');
  const uploaded = await uploadTable('options', file);
  const location = `${uploaded.location}options.csv`;
  // A table called `options`: the gate once matched only the last part of `sys.options`.
  await registerTable('options', location, 'csv');
  tables = { options: { location, format: 'csv' } };
}, 120_000);
afterAll(() => runtime.stop());

async function expectRefusal(input: Record<string, unknown>, name: string, message: RegExp) {
  const report = await runLocalQuery(input);
  expect(report.error?.name).toBe(name);
  expect(report.error?.message).toMatch(message);
  expect(report.status).toBe('FAILED');
  expect(liveWorkers(report.queryId)).toEqual([]);
  return report;
}

describe('refused at Optimize, before any worker is launched, on every engine', () => {
  const cases: [string, string, RegExp][] = [
    ['a second statement', 'SELECT 1; SELECT 2', /^sql: holds 2 statements/],
    [
      'a statement that drops the S3 secret',
      'SELECT 1 AS a; DROP SECRET metaq_s3',
      /^sql: holds 2 statements/,
    ],
    ['a statement other than a query', 'DROP TABLE options', /^sql: is a DROP statement, not a query/],
    ['a system schema, beside a table of the same name', 'SELECT * FROM sys.options', /reads sys\.options/],
    ['information_schema', 'SELECT * FROM information_schema.tables', /reads information_schema\.tables/],
    ['pg_catalog', 'SELECT * FROM pg_catalog.pg_settings', /reads pg_catalog\.pg_settings/],
    ['a catalog and schema', 'SELECT * FROM system.runtime.nodes', /reads system\.runtime\.nodes/],
    ["Drill's file plugins", 'SELECT * FROM dfs.tmp.x JOIN cp.y ON true', /reads dfs\.tmp\.x, cp\.y/],
  ];
  for (const engine of engineNames) {
    it.each(cases)(`${engine}: %s`, async (_, sql, message) => {
      const report = await expectRefusal({ sql, engine, spares: 0 }, 'InvalidQueryInput', message);
      expect(report.workers?.launched ?? 0).toBe(0);
      expect(report.error?.message).toMatch(/Send one query|Name the tables without a schema/);
    });
  }

  it('a NUL byte, which engines read as the end of the query', async () => {
    await expectRefusal(
      { sql: 'select 1\u0000 as a' },
      'InvalidQueryInput',
      /^sql: holds the control character U\+0000 at position 8/,
    );
  });

  it('a config key that would lift the lock-down, naming the key and what the engine takes', async () => {
    await expectRefusal(
      { sql: 'SELECT 1', engine: 'spark', config: { 'spark.sql.runSQLOnFiles': true } },
      'InvalidQueryInput',
      /^config\.spark\.sql\.runSQLOnFiles: spark does not take this setting per query.*It takes: spark\.sql\.shuffle\.partitions/,
    );
    await expectRefusal(
      { sql: 'SELECT 1', engine: 'duckdb', config: { 'duckdb.enable_external_access': true } },
      'InvalidQueryInput',
      /^config\.duckdb\.enable_external_access: duckdb does not take.*It takes: duckdb\.threads/,
    );
    // A key of another engine: the query runs on DuckDB, which has no such setting.
    await expectRefusal(
      { sql: 'SELECT 1', engine: 'duckdb', config: { 'spark.sql.shuffle.partitions': 4 } },
      'InvalidQueryInput',
      /^config\.spark\.sql\.shuffle\.partitions: is not a setting of duckdb.*start with "duckdb\."/,
    );
    await expectRefusal(
      { sql: 'SELECT 1', engine: 'trino', config: { 'drill.planner.slice_target': 1 } },
      'InvalidQueryInput',
      /^config\.drill\.planner\.slice_target: is not a setting of trino.*start with "trino\."/,
    );
  });
});

describe("DuckDB's own parser refuses what the optimizer's cannot read", () => {
  // FROM-first and GROUP BY ALL are DuckDB's own: the optimizer's parser leaves these to DuckDB.
  it.each([
    [
      'its S3 secret key',
      "SELECT current_setting('s3_secret_access_key') AS k GROUP BY ALL",
      /current_setting\(\)/,
    ],
    ['its secrets', 'FROM duckdb_secrets() SELECT *', /table function duckdb_secrets\(\)/],
    ['its settings', 'FROM duckdb_settings() SELECT name, value', /table function duckdb_settings\(\)/],
    ['SQL from a string', "FROM query('SELECT 42') SELECT *", /table function query\(\)/],
    ['a system schema', 'FROM information_schema.tables SELECT *', /refuses information_schema\.tables/],
    ['a system view by its bare name', 'FROM duckdb_views SELECT *', /refuses duckdb_views/],
    [
      'a CTE that shadows a system view',
      'WITH a AS (FROM pg_settings SELECT *), pg_settings AS (SELECT 1) FROM a SELECT *',
      /refuses pg_settings/,
    ],
    ['a file by its name', "FROM 's3://metaq-data/tables/options/options.csv' SELECT *", /refuses s3:/],
    ['a SUMMARIZE', 'SUMMARIZE options', /a SHOW_REF in FROM/],
  ])('%s', async (_, sql, message) => {
    const report = await expectRefusal({ sql, tables }, 'QueryRefused', message);
    expect(report.error?.message).toMatch(/^duckdb (reads only the query's tables|refuses)/);
    expect((await getRecord(report.queryId))?.error?.name).toBe('QueryRefused');
  });

  it('still answers a query of its own tables, CTEs and table functions', async () => {
    const report = await runLocalQuery({
      sql: `WITH doubled AS (FROM options SELECT name, value * 2 AS v)
        SELECT d.name, d.v, r.range AS r FROM doubled d JOIN range(3) r ON r.range = d.v - 1 ORDER BY ALL`,
      tables,
    });
    expect(report.error).toBeUndefined();
    expect(report.result?.preview).toEqual([{ name: 'alpha', v: 2, r: 1 }]);
  });
});
