/**
 * ClickHouse's failures and refusals through metaq: its own message for bad SQL, the worker lost
 * mid-query, more than one worker, and user SQL that reaches beyond its tables, refused by the
 * engine's gate (ClickHouse's own parser and analyser, script.ts) before anything runs. The
 * queries end in ClickHouse's `LIMIT n BY`, which the optimizer's parser does not read, so that
 * ClickHouse's gate decides. Nothing of a query is left behind either way.
 */
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { prepare, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(tempDir('metaq-clickhouse-failures-'), ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

const run = (sql: string, extra: Record<string, unknown> = {}) =>
  runLocalQuery({ sql, engine: 'clickhouse', workers: 1, spares: 0, tables: data.parquet.tables, ...extra });

it("SQL ClickHouse rejects: QueryFailed with ClickHouse's own message", async () => {
  const report = await run('SELECT no_such_column FROM orders');
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(
    /^clickhouse could not run the query: .*Code: 47.*no_such_column.*UNKNOWN_IDENTIFIER/s,
  );
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 120_000);

it('more than one worker: refused by the optimizer, nothing launched', async () => {
  const report = await run('SELECT count(*) FROM orders', { workers: 2 });
  expect(report.error?.name).toBe('InvalidQueryInput');
  expect(report.error?.message).toMatch(
    /^workers: clickhouse runs in one process, so it takes exactly 1 worker/,
  );
  expect(report.workers?.launched ?? 0).toBe(0);
}, 120_000);

it('the worker crashing mid-query: WorkerLost, and chdb’s process goes with it', async () => {
  process.env.METAQ_CHAOS = '0:crash-on-run';
  const report = await run('SELECT count(*) AS n FROM orders');
  expect(report.error?.name).toBe('WorkerLost');
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 120_000);

it('a standard VALUES list is rows from nothing: answered, not refused (the chaos campaign found it refused)', async () => {
  const report = await runLocalQuery({
    sql: 'SELECT count(*) AS n, sum(a.k) AS s FROM (VALUES (1), (2), (3)) AS a(k) JOIN (VALUES (1), (2)) AS b(k) ON a.k = b.k',
    engine: 'clickhouse',
  });
  expect(report.error).toBeUndefined();
  // The rows 1 and 2 of a match b's.
  expect(report.result?.preview).toEqual([{ n: 2, s: 3 }]);
}, 120_000);

const secretFile = '/etc/hostname';
describe("refused by ClickHouse's gate before the query runs", () => {
  it.each([
    [
      'a local file',
      `SELECT * FROM file('${secretFile}', 'LineAsString') LIMIT 1 BY line`,
      /table function file/,
    ],
    [
      'a URL',
      "SELECT * FROM url('http://127.0.0.1:1/x', 'LineAsString') LIMIT 1 BY line",
      /table function url/,
    ],
    [
      'a bucket outside its tables',
      "SELECT * FROM s3('http://127.0.0.1:1/other/x.parquet', 'Parquet') LIMIT 1 BY 1",
      /table function s3/,
    ],
    [
      'a program',
      "SELECT * FROM executable('id', 'LineAsString', 'x String') LIMIT 1 BY x",
      /table function executable/,
    ],
    [
      'another server',
      "SELECT * FROM remote('127.0.0.1', system.one) LIMIT 1 BY dummy",
      /table function remote/,
    ],
    ['its settings', 'SELECT name, value FROM system.settings LIMIT 1 BY name', /refuses system\.settings/],
    [
      'its tables’ definitions',
      'SELECT create_table_query FROM system.tables LIMIT 1 BY name',
      /refuses system\.tables/,
    ],
    [
      'a table of its own in a subquery',
      'SELECT count() FROM (SELECT * FROM metaq_run.result) LIMIT 1 BY 1',
      /refuses metaq_run\.result/,
    ],
    [
      'a setting’s value',
      "SELECT getSetting('max_memory_usage') AS m LIMIT 1 BY m",
      /refuses the function getSetting/,
    ],
    [
      'a file through a scalar function',
      `SELECT file('${secretFile}') AS f LIMIT 1 BY f`,
      /refuses the (table )?function file/,
    ],
    [
      'SETTINGS of its own',
      'SELECT count() AS n FROM orders LIMIT 1 BY n SETTINGS max_threads = 64',
      /SETTINGS/,
    ],
    ['INTO OUTFILE', "SELECT 1 AS n LIMIT 1 BY n INTO OUTFILE '/tmp/metaq-outfile'", /INTO OUTFILE/],
  ])(
    '%s',
    async (_, sql, message) => {
      const report = await run(sql);
      expect(report.error?.name).toBe('QueryRefused');
      expect(report.error?.message).toMatch(message);
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    120_000,
  );
});
