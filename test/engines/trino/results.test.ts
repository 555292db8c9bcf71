/**
 * Trino with several workers gives the same answers as DuckDB outside metaq, on TPC-H-like tables
 * made by the test: joins, aggregates, sorts and a window function, Parquet, CSV and JSON in and
 * out. Real local runtime, real Trino clusters: one cluster per query, so the list is short.
 */
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Format } from '../../../src/plan/types';
import { engineQueries, type TestTables } from '../../support/engine-data';
import { startTestRuntime, tempDir } from '../../support/runtime';
import { expectSameAsDuckdb } from '../../support/same-as-duckdb';
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
    ({ input, output, workers, query }) =>
      expectSameAsDuckdb({ engine: 'trino', sql: query.sql, input, output, workers, data, scratch }),
    400_000,
  );
});
