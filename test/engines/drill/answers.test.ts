/**
 * No silent wrong answers from Drill: a query whose DECIMAL arithmetic Drill would round is refused
 * at Optimize (nothing launched), the same query in DOUBLE gives DuckDB's answer, dates come back as
 * dates in every result format and in the preview, and a failure inside a fragment carries its cause.
 */
import path from 'node:path';
import { settings } from '../../../src/config';
import { installDrill } from '../../../src/engines/drill/install';
import { writeDemoData } from '../../../src/local/demo-data';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { uploadTable } from '../../../src/local/upload';
import type { Format } from '../../../src/plan/types';
import { expectSameRows } from '../../support/engine-data';
import { expectedRows, resultRows } from '../../support/results';
import { queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';

let runtime: LocalRuntime;
const scratch = tempDir('metaq-drill-answers-');
let files: Record<string, string>;
const tables: Record<string, { location: string; format: Format }> = {};

beforeAll(async () => {
  runtime = await startTestRuntime();
  installDrill(settings().enginesDir, () => undefined);
  files = await writeDemoData(path.join(scratch, 'parquet'), 'parquet', { customers: 100, orders: 500 });
  for (const [name, file] of Object.entries(files)) {
    const uploaded = await uploadTable(`drill_answers_${name}`, file);
    tables[name] = { location: `${uploaded.location}${path.basename(file)}`, format: 'parquet' };
  }
}, 300_000);

afterAll(() => runtime.stop());

// TPC-H Q14's shape over the demo's DECIMAL(15,2) columns: Drill types it DECIMAL(38, 0).
const promoShare = (money: (column: string) => string) =>
  `SELECT 100.00 * sum(CASE WHEN l_returnflag = 'R' THEN ${money('l_extendedprice')} * (1 - ${money('l_discount')}) ELSE 0 END)
  / sum(${money('l_extendedprice')} * (1 - ${money('l_discount')})) AS promo_revenue FROM lineitem`;

it('a Q14-like query is refused at Optimize with UnsupportedByEngine, before any worker starts', async () => {
  const report = await runLocalQuery({ sql: promoShare((column) => column), engine: 'drill', tables });
  expect(report.status).toBe('FAILED');
  expect(report.error?.name).toBe('UnsupportedByEngine');
  expect(report.error?.message).toMatch(
    /^drill cannot run the DECIMAL arithmetic 100\.00 \* SUM\(.*\) correctly: it computes DECIMAL\(5, 2\) and DECIMAL\(38, 4\) as DECIMAL\(38, 1\).*Run it on duckdb or spark/,
  );
  expect(report.workers?.launched ?? 0).toBe(0);
});

it('the same query in DOUBLE gives DuckDB’s answer', async () => {
  const sql = promoShare((column) => `CAST(${column} AS DOUBLE)`);
  const report = await runLocalQuery({ sql, engine: 'drill', workers: 1, tables });
  expect(report.error).toBeUndefined();
  const actual = await resultRows(report.result?.files[0] ?? '', 'parquet', scratch);
  expectSameRows(actual, await expectedRows(sql, files, 'parquet', 'parquet', scratch));
  expect(Number(actual[0].promo_revenue)).not.toBe(Math.round(Number(actual[0].promo_revenue)));
});

describe('dates are dates', () => {
  const sql = `SELECT o_orderkey, o_orderdate, CAST(o_orderdate AS TIMESTAMP) AS placed_at
    FROM orders ORDER BY o_orderkey LIMIT 3`;
  it.each<Format>(['parquet', 'csv', 'json'])('in the %s result files and the preview', async (format) => {
    const report = await runLocalQuery({ sql, engine: 'drill', workers: 1, tables, output: { format } });
    expect(report.error).toBeUndefined();
    const expected = await expectedRows(sql, files, 'parquet', 'json', scratch);
    const actual = await resultRows(report.result?.files[0] ?? '', format, scratch);
    // DuckDB reads each file's date column back as a DATE: written as a date, not a number.
    expect(actual.map((row) => row.o_orderdate)).toEqual(expected.map((row) => row.o_orderdate));
    expect(String(actual[0].o_orderdate)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.result?.preview[0]).toMatchObject({ o_orderdate: expected[0].o_orderdate });
    // The preview is read back from the result files: from CSV and JSON Drill reads text.
    if (format !== 'parquet') return;
    expect(report.result?.preview[0]).toMatchObject({ placed_at: `${expected[0].o_orderdate} 00:00:00.000` });
    expect(report.result?.columns.find((column) => column.name === 'o_orderdate')?.type).toBe('DATE');
  });
});

it('a failure inside a fragment gives its cause, not only "Drill Remote Exception"', async () => {
  const report = await runLocalQuery({
    sql: 'SELECT sum(l_quantity) AS quantity FROM lineitem',
    engine: 'drill',
    workers: 1,
    tables,
    // Drill then refuses Parquet's DECIMAL columns where it reads them, in a fragment.
    config: { 'drill.planner.enable_decimal_data_type': false },
  });
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(
    /^drill could not run the query: UNSUPPORTED_OPERATION ERROR: Drill Remote Exception \(caused by: .*Decimal data type is disabled/,
  );
  expect(queryProcesses(report.queryId)).toEqual([]);
});
