/**
 * Trino's failures and refusals through metaq: Trino's own message for bad SQL, a member lost
 * mid-query, and user SQL that reaches beyond its tables, refused by Trino's own plan (the queries
 * use FETCH FIRST, which the optimizer's parser does not read, so that Trino's gate decides).
 * Nothing of a query is left behind either way.
 */
import { startWarm, type WarmEngine } from '../../../bench/warm';
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
  data = await prepare(tempDir('metaq-trino-failures-'), ['parquet', 'csv']);
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

const run = (sql: string, extra: Record<string, unknown> = {}) =>
  runLocalQuery({ sql, engine: 'trino', workers: 1, spares: 0, tables: data.parquet.tables, ...extra });

it("SQL Trino rejects: QueryFailed with Trino's own message", async () => {
  const report = await run('SELECT no_such_column FROM orders');
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(/^trino could not run the query: .*no_such_column/);
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 300_000);

const escapes: [string, string, RegExp][] = [
  [
    'its system catalog',
    'SELECT * FROM system.runtime.nodes FETCH FIRST 1 ROWS ONLY',
    /refuses (system\.runtime\.nodes|.*Access Denied)/,
  ],
  [
    'the information schema',
    'SELECT * FROM information_schema.tables FETCH FIRST 1 ROWS ONLY',
    /refuses hive\.(information_schema\.tables|InformationSchemaTableHandle\[catalogName=hive, table=TABLES)/,
  ],
  [
    'a hidden table of its own table',
    'SELECT * FROM "orders$properties" FETCH FIRST 1 ROWS ONLY',
    /refuses (hive\.metaq\.orders\$properties|.*Access Denied)/,
  ],
];

/**
 * Each escape is sent to one Trino, started once as metaq's workers start it (bench/warm.ts) and
 * asked as Submit asks it: its gate reads Trino's own plan, the same code a cold query meets. The
 * first also goes the whole way through metaq.
 */
describe('refused by Trino’s own plan before the query runs', () => {
  let trino: WarmEngine | undefined;
  beforeAll(async () => {
    trino = await startWarm('trino', { tables: data.parquet.tables, memoryMb: 1024, workers: 1 });
  }, 300_000);
  afterAll(() => trino?.stop());

  it.each(escapes)('%s', async (_, sql, message) => {
    const refusal = await trino?.run(sql).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refusal?.name).toBe('QueryRefused');
    expect(refusal?.message).toMatch(/^trino reads only the query's tables \(/);
    expect(refusal?.message).toMatch(message);
  });

  it.each(escapes.slice(0, 1))(
    '%s, through metaq: refused, and nothing of the query is left',
    async (_, sql, message) => {
      const report = await run(sql);
      expect(report.error?.name).toBe('QueryRefused');
      expect(report.error?.message).toMatch(message);
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    300_000,
  );

  it('a procedure call: not a query, refused', async () => {
    const report = await run("CALL system.sync_partition_metadata('metaq', 'orders', 'FULL')");
    expect(report.error?.name).toBe('InvalidQueryInput');
    expect(report.error?.message).toMatch(/^sql: is a CALL statement, not a query/);
  }, 300_000);
});

it('a CSV table reads as the types DuckDB found, through a view Trino declares', async () => {
  const report = await run(
    'SELECT max(o_orderdate) AS last, sum(o_orderkey) AS total FROM orders FETCH FIRST 1 ROWS ONLY',
    {
      tables: data.csv.tables,
    },
  );
  expect(report.error).toBeUndefined();
  expect(report.result?.columns.map((column) => column.type)).toEqual(['date', 'bigint']);
}, 300_000);

it.each([
  ['a worker', '1'],
  ['the head (the coordinator)', '0'],
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

it('Trino’s processes run without root and without the credentials in their environment', async () => {
  const { engine, processes } = await watchHungQuery({
    sql: 'SELECT count(*) FROM orders',
    engine: 'trino',
    workers: 2,
    tables: data.parquet.tables,
    limits: { timeoutSeconds: 10 },
  });
  expect(engine.length).toBeGreaterThanOrEqual(2);
  expectUnprivileged(processes);
}, 300_000);
