/**
 * Spark with 3 workers gives the same answers as DuckDB outside metaq, on TPC-H-like tables made by
 * the test: joins, aggregates, sorts and a window function, Parquet, CSV and JSON in and out. Real
 * local runtime, real Spark clusters: one cluster per query, so the list is short on purpose.
 */
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Format } from '../../../src/plan/types';
import { expectedRows, resultRows } from '../../support/results';
import { liveWorkers, queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { expectSameRows, prepare, sparkQueries, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;
const scratch = tempDir('metaq-spark-results-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(scratch, ['parquet', 'csv']);
}, 600_000);
afterAll(() => runtime.stop());

const cases: { input: Format; output: Format; query: (typeof sparkQueries)[number] }[] = [
  { input: 'parquet', output: 'parquet', query: sparkQueries[0] },
  { input: 'csv', output: 'json', query: sparkQueries[1] },
  { input: 'parquet', output: 'csv', query: sparkQueries[2] },
  { input: 'parquet', output: 'parquet', query: sparkQueries[3] },
];

describe('Spark, 3 workers, against DuckDB', () => {
  it.each(cases)(
    '$input in, $output out: $query.title',
    async ({ input, output, query }) => {
      const report = await runLocalQuery({
        sql: query.sql,
        engine: 'spark',
        workers: 3,
        spares: 0,
        tables: data[input].tables,
        output: { format: output },
      });

      expect(report.error).toBeUndefined();
      expect(report.status).toBe('SUCCEEDED');
      expect(report.workers).toMatchObject({ launched: 3, admitted: 3, failed: 0 });
      expect(report.timings.rendezvousMs).toBeGreaterThanOrEqual(0);
      expect(report.timings.startMs).toBeGreaterThan(0);
      expect(report.result?.files).toHaveLength(1);
      const actual = await resultRows(report.result?.files[0] ?? '', output, scratch);
      const expected = await expectedRows(query.sql, data[input].files, input, output, scratch);
      expect(expected.length).toBeGreaterThan(0);
      expectSameRows(actual, expected);
      expect(report.result?.rows).toBe(expected.length);
      expect(report.result?.preview.length).toBe(Math.min(20, expected.length));
      expectSameRows(report.result?.preview ?? [], expected.slice(0, 20));
      expect(liveWorkers(report.queryId)).toEqual([]);
      expect(queryProcesses(report.queryId)).toEqual([]);
    },
    300_000,
  );
});
