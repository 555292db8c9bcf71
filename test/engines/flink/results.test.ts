/**
 * Flink with several workers gives the same answers as DuckDB outside metaq, on TPC-H-like tables
 * made by the test: joins, aggregates, sorts and a window function, Parquet, CSV and JSON in and
 * out. Real local runtime, real Flink clusters: one cluster per query, so the list is short.
 */
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Format } from '../../../src/plan/types';
import { engineQueries, expectSameRows, type TestTables } from '../../support/engine-data';
import { expectedRows, resultRows } from '../../support/results';
import { liveWorkers, queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
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
  { input: 'csv', output: 'json', workers: 3, query: queries[0] },
  { input: 'csv', output: 'csv', workers: 2, query: queries[1] },
  { input: 'json', output: 'csv', workers: 2, query: queries[2] },
  { input: 'parquet', output: 'parquet', workers: 2, query: queries[3] },
  { input: 'parquet', output: 'json', workers: 2, query: queries[4] },
];

describe('Flink against DuckDB', () => {
  it.each(cases)(
    '$input in, $output out, $workers workers: $query.title',
    async ({ input, output, workers, query }) => {
      const report = await runLocalQuery({
        sql: query.sql,
        engine: 'flink',
        workers,
        spares: 0,
        tables: data[input].tables,
        output: { format: output },
      });
      expect(report.error).toBeUndefined();
      expect(report.status).toBe('SUCCEEDED');
      expect(report.workers).toMatchObject({ launched: workers, admitted: workers, failed: 0 });
      const files = report.result?.files ?? [];
      expect(files.length).toBeGreaterThan(0);
      const actual = (await Promise.all(files.map((file) => resultRows(file, output, scratch)))).flat();
      const expected = await expectedRows(query.sql, data[input].files, input, output, scratch);
      expect(expected.length).toBeGreaterThan(0);
      // Every query here orders its result: Flink's must be in that order, in one file.
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`/part-0\\.${output}$`));
      expectSameRows(actual, expected);
      expect(report.result?.rows).toBe(expected.length);
      expectSameRows(report.result?.preview ?? [], expected.slice(0, 20));
      expect(liveWorkers(report.queryId)).toEqual([]);
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    400_000,
  );
});
