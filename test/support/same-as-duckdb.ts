/**
 * One query through metaq on an engine, its result against DuckDB's answer outside metaq: the
 * result file's rows, the row count and the preview; and nothing of the query left running. The
 * engines' results tests are lists of such cases.
 */
import type { EngineName } from '../../src/engines/registry';
import type { QueryReport } from '../../src/history/types';
import { runLocalQuery } from '../../src/local/run-query';
import type { Format } from '../../src/plan/types';
import { expectSameRows, type TestTables } from './engine-data';
import { expectedRows, resultRows } from './results';
import { liveWorkers, queryProcesses } from './runtime';

export interface SameAsDuckdb {
  engine: EngineName;
  sql: string;
  input: Format;
  output: Format;
  workers: number;
  /** The tables in each input format (prepare() of engine-data.ts). */
  data: Record<string, TestTables>;
  scratch: string;
  /** How the engine names its one result file, when that is part of its contract. */
  file?: RegExp;
  /** The engine's settings (`config` of the input), e.g. to spread a small query over every worker. */
  config?: Record<string, string | number | boolean>;
  limits?: { timeoutSeconds: number };
}

/** The query's report, for what a test checks beyond the answer. */
export async function expectSameAsDuckdb(query: SameAsDuckdb): Promise<QueryReport> {
  const { engine, sql, input, output, workers, data, scratch } = query;
  const report = await runLocalQuery({
    sql,
    engine,
    workers,
    spares: 0,
    tables: data[input].tables,
    output: { format: output },
    ...(query.config && { config: query.config }),
    ...(query.limits && { limits: query.limits }),
  });
  expect(report.error).toBeUndefined();
  expect(report.status).toBe('SUCCEEDED');
  expect(report.workers).toMatchObject({ launched: workers, admitted: workers, failed: 0 });
  const files = report.result?.files ?? [];
  // Every query of these lists orders its result: it must be in that order, in one file.
  expect(files).toHaveLength(1);
  if (query.file) expect(files[0]).toMatch(query.file);
  const actual = await resultRows(files[0], output, scratch);
  const expected = await expectedRows(sql, data[input].files, input, output, scratch);
  expect(expected.length).toBeGreaterThan(0);
  expectSameRows(actual, expected);
  expect(report.result?.rows).toBe(expected.length);
  expectSameRows(report.result?.preview ?? [], expected.slice(0, 20));
  expect(liveWorkers(report.queryId)).toEqual([]);
  expect(queryProcesses(report.queryId)).toEqual([]);
  return report;
}
