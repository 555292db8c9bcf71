/**
 * User SQL stays inside its query on Spark, tried through metaq as a user would: Spark's own
 * parser reads each query in the driver, and whatever reaches beyond the query's tables is refused
 * (QueryRefused) before Spark runs it. Every refusal here ran before the gate: TRANSFORM printed
 * the worker's environment as root.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWarm, type WarmEngine } from '../../../bench/warm';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import {
  expectNothingLeft,
  expectUnprivileged,
  liveWorkers,
  queryProcesses,
  startTestRuntime,
  tempDir,
  watchHungQuery,
  workerUserFiles,
} from '../../support/runtime';
import { prepare, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(tempDir('metaq-spark-lockdown-'), ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

const run = (sql: string, extra: Record<string, unknown> = {}) =>
  runLocalQuery({ sql, engine: 'spark', workers: 1, spares: 0, tables: data.parquet.tables, ...extra });

const pwned = path.join(os.tmpdir(), `metaq-pwned-${process.pid}`);

const escapes: [string, string, RegExp][] = [
  [
    'a shell command (TRANSFORM)',
    `SELECT TRANSFORM('a') USING 'id; env; touch ${pwned}' AS (x string)`,
    /TRANSFORM/,
  ],
  [
    'TRANSFORM inside a subquery',
    `SELECT * FROM orders WHERE o_orderkey IN (SELECT TRANSFORM(o_orderkey) USING 'cat' AS (k) FROM orders)`,
    /TRANSFORM/,
  ],
  ['ADD JAR', 'ADD JAR /tmp/evil.jar', /refuses AddJarsCommand/],
  ['ADD FILE', 'ADD FILE /etc/passwd', /refuses AddFilesCommand/],
  [
    'CREATE FUNCTION … USING JAR',
    "CREATE FUNCTION f AS 'x.Evil' USING JAR '/tmp/evil.jar'",
    /refuses CreateFunction/,
  ],
  ['LOAD DATA LOCAL', "LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE orders", /refuses LoadData/],
  // FROM-first, which the optimizer's parser does not read: Spark's own gate decides.
  [
    'a data source by class name',
    'FROM `org.apache.spark.sql.json`.`/etc/` SELECT *',
    /refuses org\.apache\.spark\.sql\.json\.\/etc\//,
  ],
  [
    'a view over a data source',
    "CREATE TEMPORARY VIEW v USING parquet OPTIONS (path '/')",
    /refuses CreateTempViewUsing/,
  ],
  ['SQL from a string', "EXECUTE IMMEDIATE 'ADD JAR /tmp/evil.jar'", /refuses UnresolvedExecuteImmediate/],
  ['writing a local folder', "INSERT OVERWRITE LOCAL DIRECTORY '/tmp/x' SELECT 1", /refuses InsertIntoDir/],
  ['a name given as a string', "SELECT * FROM IDENTIFIER('sys.options')", /refuses sys\.options/],
  [
    'a schema',
    'FROM `sys`.`options` SELECT *',
    /reads only the query's tables \(.*orders.*\); it refuses sys\.options/,
  ],
];

/**
 * Each escape is sent to one Spark, started once as metaq's workers start it (bench/warm.ts) and
 * asked as Submit asks it: the driver's gate is the same code a cold query meets, at a Spark start
 * for the list rather than for each. The first two also go the whole way through metaq.
 */
describe('refused by Spark’s own parser before anything runs', () => {
  let spark: WarmEngine | undefined;
  beforeAll(async () => {
    spark = await startWarm('spark', { tables: data.parquet.tables, memoryMb: 1024, workers: 1 });
  }, 300_000);
  afterAll(() => spark?.stop());

  it.each(escapes)('%s', async (_, sql, message) => {
    await expect(spark?.run(sql)).rejects.toMatchObject({
      name: 'QueryRefused',
      message: expect.stringMatching(message),
    });
    expect(existsSync(pwned)).toBe(false);
  });

  it.each(escapes.slice(0, 2))(
    '%s, through metaq: refused, and nothing of the query is left',
    async (_, sql, message) => {
      const report = await run(sql);
      expect(report.error?.name).toBe('QueryRefused');
      expect(report.error?.message).toMatch(message);
      expect(liveWorkers(report.queryId)).toEqual([]);
      expect(queryProcesses(report.queryId)).toEqual([]);
      expect(existsSync(pwned)).toBe(false);
    },
    300_000,
  );
});

// Spark has no Hive here, and its parser refuses a SerDe in non-Hive mode.
it('TRANSFORM through a Hive SerDe: refused by Spark’s parser', async () => {
  const report = await run(
    `SELECT TRANSFORM(o_orderkey) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' USING 'cat' AS (k) FROM orders`,
  );
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(/TRANSFORM_NON_HIVE/);
  expect(queryProcesses(report.queryId)).toEqual([]);
}, 300_000);

// biome-ignore lint/suspicious/noTemplateCurlyInString: Spark's variable syntax, tried as text.
const substitution = '${env:AWS_SECRET_ACCESS_KEY}';

it('a variable in the SQL stays text: variable substitution is off', async () => {
  const before = new Set(workerUserFiles());
  const report = await run(`SELECT '${substitution}' AS k, count(*) AS n FROM nation`);
  expect(report.error).toBeUndefined();
  expect(report.result?.preview).toEqual([{ k: substitution, n: 25 }]);
  expectNothingLeft(report.queryId, before);
}, 300_000);

it('Spark’s processes run without root and without the credentials in their environment', async () => {
  const { engine, processes } = await watchHungQuery({
    sql: 'SELECT count(*) FROM orders',
    engine: 'spark',
    workers: 2,
    tables: data.parquet.tables,
    limits: { timeoutSeconds: 15 },
  });
  // Two workers; a master, two Spark workers, a driver JVM and its Python, an executor per worker.
  expect(processes.filter((process) => process.worker)).toHaveLength(2);
  expect(engine.length).toBeGreaterThanOrEqual(5);
  expectUnprivileged(processes);
}, 300_000);
