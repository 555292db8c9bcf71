/**
 * Flink's failures and refusals through metaq: Flink's own message for bad SQL, a member lost
 * mid-query (a TaskManager's worker, the JobManager's), and user SQL that reaches beyond its
 * tables: statements that are not a query (loading jars, functions from jars, tables over other
 * paths, settings) and table hints that point a table elsewhere. Nothing of a query is left behind.
 */
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import type { TestTables } from '../../support/engine-data';
import {
  expectUnprivileged,
  queryProcesses,
  startTestRuntime,
  tempDir,
  watchHungQuery,
} from '../../support/runtime';
import { prepare } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(tempDir('metaq-flink-failures-'), ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

const run = (sql: string, extra: Record<string, unknown> = {}) =>
  runLocalQuery({ sql, engine: 'flink', workers: 1, spares: 0, tables: data.parquet.tables, ...extra });

it("SQL Flink rejects: QueryFailed with Flink's own message", async () => {
  const report = await run('SELECT no_such_column FROM orders');
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(
    /^flink could not run the query: .*Column 'no_such_column' not found in any table/,
  );
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 300_000);

describe('refused before Flink runs anything', () => {
  it.each([
    ['a jar', "ADD JAR 's3://metaq/jars/udf.jar'"],
    [
      'a function from a jar',
      "CREATE FUNCTION evil AS 'com.example.Evil' LANGUAGE JAVA USING JAR 's3://metaq/jars/udf.jar'",
    ],
    [
      'a table over another path',
      "CREATE TABLE other (line STRING) WITH ('connector' = 'filesystem', 'path' = 'file:///etc', 'format' = 'raw')",
    ],
    ['a setting', "SET 'table.dynamic-table-options.enabled' = 'true'"],
  ])(
    '%s',
    async (_, sql) => {
      const report = await run(sql);
      // The optimizer's parser refuses what it reads; Flink's gate what it does not.
      expect(['InvalidQueryInput', 'QueryRefused']).toContain(report.error?.name);
      expect(report.status).toBe('FAILED');
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    300_000,
  );

  it('a table hint that points a table at another path', async () => {
    const report = await run(
      "SELECT count(*) AS n FROM orders /*+ OPTIONS('path' = 'file:///etc/passwd', 'format' = 'raw') */",
    );
    expect(report.error?.name).toBe('QueryRefused');
    expect(report.error?.message).toMatch(
      /^flink reads only the query's tables \(.*\); it refuses table options in hints/,
    );
    expect(queryProcesses(report.queryId)).toEqual([]);
  }, 300_000);
});

it.each([
  ['a TaskManager’s worker', '1'],
  ['the head (the JobManager)', '0'],
])(
  '%s crashing mid-query: WorkerLost, and nothing of the query survives',
  async (_, index) => {
    // The head is the first worker to be ready: a delay decides which launch index it is.
    process.env.METAQ_CHAOS =
      index === '1' ? '1:delay-ready=2000,1:crash-on-run' : '1:delay-ready=2000,0:crash-on-run';
    const report = await run('SELECT count(*) AS n FROM orders', { workers: 2 });
    expect(report.error?.name).toBe('WorkerLost');
    expect(report.error?.message).toMatch(/stopped answering while running the query/);
    expect(report.workers).toMatchObject({ launched: 2, admitted: 2, failed: 1 });
    expect(queryProcesses(report.queryId)).toEqual([]);
  },
  300_000,
);

it('Flink’s processes run without root and without the credentials in their environment', async () => {
  const { engine, processes } = await watchHungQuery({
    sql: 'SELECT count(*) FROM orders',
    engine: 'flink',
    workers: 2,
    tables: data.parquet.tables,
    limits: { timeoutSeconds: 20 },
  });
  // The head's JobManager, gateway and TaskManager, the other member's TaskManager.
  expect(engine.length).toBeGreaterThanOrEqual(4);
  expectUnprivileged(processes);
}, 300_000);
