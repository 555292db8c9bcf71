/**
 * Databend gives the same answers as DuckDB outside metaq, on the engines' TPC-H-like tables:
 * joins, aggregates, a window function and sorts, Parquet, CSV and JSON in and out. Real local
 * runtime, real Databend in its own process per query.
 */
import { readFileSync } from 'node:fs';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import type { Format } from '../../../src/plan/types';
import { engineQueries } from '../../support/engine-data';
import { downloadResult, parquetColumns } from '../../support/results';
import { queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { expectSameAsDuckdb } from '../../support/same-as-duckdb';
import { prepare, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;
const scratch = tempDir('metaq-databend-results-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(scratch, ['parquet', 'csv', 'json']);
}, 600_000);
afterAll(() => runtime.stop());

const inputs: Format[] = ['parquet', 'csv', 'json'];
// Databend names its files itself; the CSV file is the host script's (script.ts).
const names: Record<Format, string> = {
  parquet: 'data_[0-9a-f-]+_0000_00000000\\.parquet',
  csv: 'part-0\\.csv',
  json: 'data_[0-9a-f-]+_0000_00000000\\.ndjson',
};
const cases = engineQueries.map((query, i) => ({
  query,
  input: inputs[i % inputs.length],
  output: inputs[(i + 1) % inputs.length],
}));

describe('Databend against DuckDB', () => {
  it.each(cases)(
    '$input in, $output out: $query.title',
    ({ input, output, query }) =>
      expectSameAsDuckdb({
        engine: 'databend',
        sql: query.sql,
        input,
        output,
        workers: 1,
        data,
        scratch,
        file: new RegExp(`/${names[output]}$`),
      }),
    300_000,
  );
});

// Databend writes no file for no rows; metaq's result is one file all the same, as on every engine.
it.each<Format>(['parquet', 'json'])(
  'no rows, %s out: one file with no rows',
  async (output) => {
    const report = await runLocalQuery({
      sql: 'SELECT n_nationkey, n_name FROM nation WHERE n_nationkey < 0',
      engine: 'databend',
      workers: 1,
      spares: 0,
      tables: data.parquet.tables,
      output: { format: output },
    });
    expect(report.error).toBeUndefined();
    expect(report.result?.rows).toBe(0);
    const files = report.result?.files ?? [];
    expect(files).toHaveLength(1);
    if (output === 'parquet')
      expect(await parquetColumns(files[0], scratch)).toEqual(['n_nationkey', 'n_name']);
    else expect(readFileSync(await downloadResult(files[0], output, scratch), 'utf8')).toBe('');
    expect(queryProcesses(report.queryId)).toEqual([]);
  },
  300_000,
);
