/**
 * ClickHouse (chdb) gives the same answers as DuckDB outside metaq, on the engines' TPC-H-like
 * tables: joins, aggregates, a window function and sorts, Parquet, CSV and JSON in and out.
 * Real local runtime, real chdb in its own process per query.
 */
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Format } from '../../../src/plan/types';
import { engineQueries } from '../../support/engine-data';
import { startTestRuntime, tempDir } from '../../support/runtime';
import { expectSameAsDuckdb } from '../../support/same-as-duckdb';
import { prepare, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;
const scratch = tempDir('metaq-clickhouse-results-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(scratch, ['parquet', 'csv', 'json']);
}, 600_000);
afterAll(() => runtime.stop());

const inputs: Format[] = ['parquet', 'csv', 'json'];
const cases = engineQueries.map((query, i) => ({
  query,
  input: inputs[i % inputs.length],
  output: inputs[(i + 1) % inputs.length],
}));

describe('ClickHouse against DuckDB', () => {
  it.each(cases)(
    '$input in, $output out: $query.title',
    ({ input, output, query }) =>
      expectSameAsDuckdb({
        engine: 'clickhouse',
        sql: query.sql,
        input,
        output,
        workers: 1,
        data,
        scratch,
        file: new RegExp(`/part-0\\.${output}$`),
      }),
    300_000,
  );
});
