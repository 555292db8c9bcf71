/**
 * Trino with several workers gives the same answers as DuckDB outside metaq, on TPC-H-like tables
 * made by the test: joins, aggregates, sorts and a window function, Parquet, CSV and JSON in and
 * out. Real local runtime, real Trino clusters: one cluster per query, so the list is short.
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
const scratch = tempDir('metaq-trino-results-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(scratch, ['parquet', 'csv', 'json']);
}, 600_000);
afterAll(() => runtime.stop());

const cases: { input: Format; output: Format; workers: number; query: (typeof engineQueries)[number] }[] = [
  { input: 'parquet', output: 'parquet', workers: 3, query: engineQueries[0] },
  { input: 'csv', output: 'json', workers: 2, query: engineQueries[1] },
  { input: 'json', output: 'csv', workers: 2, query: engineQueries[2] },
  { input: 'parquet', output: 'parquet', workers: 2, query: engineQueries[3] },
];

describe('Trino against DuckDB', () => {
  it.each(cases)(
    '$input in, $output out, $workers workers: $query.title',
    async ({ input, output, workers, query }) => {
      const report = await runLocalQuery({
        sql: query.sql,
        engine: 'trino',
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
      // Every query here orders its result: Trino's must be in that order, in one file.
      expect(files).toHaveLength(1);
      expectSameRows(actual, expected);
      expect(report.result?.rows).toBe(expected.length);
      expectSameRows(report.result?.preview ?? [], expected.slice(0, 20));
      expect(liveWorkers(report.queryId)).toEqual([]);
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    400_000,
  );
});
