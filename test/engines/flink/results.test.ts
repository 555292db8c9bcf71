/**
 * Flink with several workers gives the same answers as DuckDB outside metaq, on TPC-H-like tables
 * made by the test: joins, aggregates, sorts and a window function, Parquet, CSV and JSON in and
 * out. Real local runtime, real Flink clusters: one cluster per query, so the list is short.
 */
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Format } from '../../../src/plan/types';
import { engineQueries, type TestTables } from '../../support/engine-data';
import { startTestRuntime, tempDir } from '../../support/runtime';
import { expectSameAsDuckdb } from '../../support/same-as-duckdb';
import { prepare } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;
const scratch = tempDir('metaq-flink-results-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(scratch, ['parquet', 'csv', 'json']);
}, 600_000);
afterAll(() => runtime.stop());

/**
 * The engines' queries as Flink reads them (DuckDB runs the same text): YEAR and RANK are reserved
 * words in Flink's SQL, so the columns named so elsewhere are named `yr` and `place` here; and
 * Flink's validator calls a column that a USING join merged ambiguous after a further join
 * ("Column 'c_nationkey' is ambiguous"), so that one is named with its table.
 */
const flinkText = (sql: string) =>
  sql
    .replace('AS year', 'AS yr')
    .replace('ORDER BY region, year', 'ORDER BY region, yr')
    .replaceAll(/\brank\b(?!\(\))/g, 'place')
    .replace('ON n_nationkey = c_nationkey', 'ON n_nationkey = customer.c_nationkey');
const queries = engineQueries.map((query) => ({ ...query, sql: flinkText(query.sql) }));

const cases: { input: Format; output: Format; workers: number; query: (typeof queries)[number] }[] = [
  { input: 'parquet', output: 'parquet', workers: 3, query: queries[0] },
  { input: 'csv', output: 'csv', workers: 2, query: queries[1] },
  { input: 'json', output: 'csv', workers: 2, query: queries[2] },
  { input: 'parquet', output: 'parquet', workers: 2, query: queries[3] },
  { input: 'parquet', output: 'json', workers: 2, query: queries[4] },
];

describe('Flink against DuckDB', () => {
  it.each(cases)(
    '$input in, $output out, $workers workers: $query.title',
    ({ input, output, workers, query }) =>
      expectSameAsDuckdb({
        engine: 'flink',
        sql: query.sql,
        input,
        output,
        workers,
        data,
        scratch,
        file: new RegExp(`/part-0\\.${output}$`),
      }),
    400_000,
  );
});
