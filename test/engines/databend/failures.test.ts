/**
 * Databend's failures and refusals through metaq: its own message for bad SQL, the worker lost
 * mid-query, more than one worker, and user SQL that reaches beyond its tables, refused by the
 * engine's gate (Databend's own parser, gate.ts) before anything runs. Most escapes are
 * Databend's own syntax (stages, `EXCLUDE`), which the optimizer's parser does not read, so that
 * Databend's gate decides. Nothing of a query is left behind either way.
 */
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { prepare, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(tempDir('metaq-databend-failures-'), ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

const run = (sql: string, extra: Record<string, unknown> = {}) =>
  runLocalQuery({ sql, engine: 'databend', workers: 1, spares: 0, tables: data.parquet.tables, ...extra });

it("SQL Databend rejects: QueryFailed with Databend's own message, without its backtrace", async () => {
  const report = await run('SELECT no_such_column FROM orders');
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(
    /^databend could not run the query: DatabendError: .*SemanticError.*no_such_column/s,
  );
  expect(report.error?.message).not.toMatch(/backtrace|\n\s+0:/i);
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 120_000);

it('more than one worker: refused by the optimizer, nothing launched', async () => {
  const report = await run('SELECT count(*) FROM orders', { workers: 2 });
  expect(report.error?.name).toBe('InvalidQueryInput');
  expect(report.error?.message).toMatch(
    /^workers: databend runs in one process, so it takes exactly 1 worker/,
  );
  expect(report.workers?.launched ?? 0).toBe(0);
}, 120_000);

it('a second statement: refused by the optimizer, nothing launched', async () => {
  const report = await run("SELECT 1; CREATE STAGE mine URL = 's3://metaq-data/'");
  expect(report.error?.name).toBe('InvalidQueryInput');
  expect(report.workers?.launched ?? 0).toBe(0);
}, 120_000);

it('the worker crashing mid-query: WorkerLost, and Databend’s process goes with it', async () => {
  process.env.METAQ_CHAOS = '0:crash-on-run';
  const report = await run('SELECT count(*) AS n FROM orders');
  expect(report.error?.name).toBe('WorkerLost');
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 120_000);

describe("refused by Databend's gate before the query runs", () => {
  it.each([
    [
      'a URI of its own',
      "SELECT * EXCLUDE (x) FROM 's3://metaq-data/tables/'",
      /refuses the stage or location Uri/,
    ],
    [
      'a table’s stage, named',
      'SELECT * EXCLUDE (x) FROM @metaq_in_0',
      /refuses the stage or location Stage\("metaq_in_0"\)/,
    ],
    [
      'a path beside a table’s stage',
      "SELECT * FROM @metaq_in_0/../ (FILE_FORMAT => 'parquet')",
      /refuses the stage or location Stage/,
    ],
    ['its settings', 'SELECT * EXCLUDE (description) FROM system.settings', /refuses system\.settings/],
    ['its stages’ definitions', 'SELECT * EXCLUDE (comment) FROM system.stages', /refuses system\.stages/],
    ['the result table', 'SELECT * EXCLUDE (x) FROM metaq_run.result', /refuses metaq_run\.result/],
    [
      'a file through a table function',
      "SELECT * FROM read_parquet('s3://metaq-data/x')",
      /table function read_parquet/,
    ],
    [
      'a stage’s schema',
      "SELECT * FROM infer_schema(location => '@metaq_in_0')",
      /table function infer_schema/,
    ],
    ['a stage’s listing', "SELECT * FROM list_stage(location => '@metaq_in_0')", /table function list_stage/],
    ['a crash on purpose', 'SELECT * FROM sync_crash_me()', /table function sync_crash_me/],
    ['a service', "SELECT ai_text_completion('hi') AS a", /refuses the function ai_text_completion/],
    [
      'a setting through a hint',
      'SELECT /*+ SET_VAR(max_memory_usage=1) */ count(*) FROM orders',
      /refuses optimizer hints/,
    ],
    ['a stage it makes itself', "CREATE STAGE mine URL = 's3://metaq-data/'", /runs one SELECT query/],
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
