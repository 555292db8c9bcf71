/**
 * Drill through metaq, on real drillbits and ZooKeeper: analytical queries (joins, aggregates,
 * sorts, a window function) give what DuckDB gives for the same SQL over the same files, in every
 * output format; and the query's processes are all gone afterwards.
 */
import path from 'node:path';
import { settings } from '../../../src/config';
import { installDrill } from '../../../src/engines/drill/install';
import { writeDemoData } from '../../../src/local/demo-data';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { uploadTable } from '../../../src/local/upload';
import type { Format } from '../../../src/plan/types';
import { expectedRows, resultRows } from '../../support/results';
import { queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { drillQueries, sameRows } from './compare';

let runtime: LocalRuntime;
const scratch = tempDir('metaq-drill-');
let files: Record<string, string>;
const tables: Record<string, { location: string; format: Format }> = {};
let csvFiles: Record<string, string>;
const csvTables: Record<string, { location: string; format: Format }> = {};

beforeAll(async () => {
  runtime = await startTestRuntime();
  installDrill(settings().enginesDir, () => undefined);
  files = await writeDemoData(path.join(scratch, 'parquet'), 'parquet', { customers: 300, orders: 2000 });
  for (const [name, file] of Object.entries(files)) {
    const uploaded = await uploadTable(`drill_${name}`, file);
    tables[name] = { location: `${uploaded.location}${path.basename(file)}`, format: 'parquet' };
  }
  csvFiles = await writeDemoData(path.join(scratch, 'csv'), 'csv', { customers: 300, orders: 2000 });
  for (const [name, file] of Object.entries(csvFiles)) {
    const uploaded = await uploadTable(`drill_csv_${name}`, file);
    csvTables[name] = { location: `${uploaded.location}${path.basename(file)}`, format: 'csv' };
  }
}, 300_000);

afterAll(() => runtime.stop());

const outputs: Format[] = ['parquet', 'csv', 'json'];
const cases = drillQueries.map((query, i) => ({ ...query, output: outputs[i % outputs.length] }));

describe('Drill answers as DuckDB does', () => {
  it.each(cases)('$title, $output out', async ({ sql, output, workers }) => {
    const report = await runLocalQuery({
      sql,
      engine: 'drill',
      workers,
      tables,
      output: { format: output },
      // Small tables: spread them over the drillbits anyway, as a large one would be.
      config: { 'drill.planner.slice_target': 1000 },
    });
    expect(report.error).toBeUndefined();
    expect(report.status).toBe('SUCCEEDED');
    const actual = (
      await Promise.all((report.result?.files ?? []).map((file) => resultRows(file, output, scratch)))
    ).flat();
    const expected = await expectedRows(sql, files, 'parquet', output, scratch);
    expect(expected.length).toBeGreaterThan(0);
    sameRows(actual, expected);
    expect(report.result?.rows).toBe(expected.length);
    expect(report.result?.preview.length).toBe(Math.min(20, expected.length));
    expect(report.workers).toMatchObject({ admitted: workers, failed: 0 });
    expect(queryProcesses(report.queryId)).toEqual([]);
  });
});

// Drill reads CSV as text: summed, compared or sorted as text, these would differ from DuckDB's.
const csvCases = [
  drillQueries[1],
  {
    title: 'richest customers (numeric filter and sort, a date range)',
    workers: 1,
    sql: `SELECT c_custkey, c_acctbal, count(o_orderkey) AS orders FROM customer
JOIN orders ON o_custkey = c_custkey AND o_orderdate >= DATE '1995-01-01'
WHERE c_acctbal > 900 GROUP BY c_custkey, c_acctbal ORDER BY c_acctbal DESC, c_custkey LIMIT 8`,
  },
];

describe('Drill over CSV tables answers as DuckDB does: columns get the types their values have', () => {
  it.each(csvCases)('$title', async ({ sql, workers }) => {
    const report = await runLocalQuery({ sql, engine: 'drill', workers, tables: csvTables });
    expect(report.error).toBeUndefined();
    const actual = (
      await Promise.all((report.result?.files ?? []).map((file) => resultRows(file, 'parquet', scratch)))
    ).flat();
    const expected = await expectedRows(sql, csvFiles, 'csv', 'parquet', scratch);
    expect(expected.length).toBeGreaterThan(1);
    sameRows(actual, expected);
    expect(queryProcesses(report.queryId)).toEqual([]);
  });
});
