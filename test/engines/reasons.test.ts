/**
 * The engine's own reason reaches the user: SQL the engine rejects fails with `QueryFailed`, and
 * its message carries what the engine itself said, on every engine. One query each, on the small
 * typed table (test/support/typed-table.ts): a column that does not exist.
 */
import { settings } from '../../src/config';
import { type EngineName, engine, engineNames } from '../../src/engines/registry';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import type { TestTables } from '../support/engine-data';
import { queryProcesses, startTestRuntime, tempDir } from '../support/runtime';
import { prepareTypedTable } from '../support/typed-table';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepareTypedTable(tempDir('metaq-reasons-'), ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());

const sql = 'SELECT k, no_such_column FROM typed_rows';

/** Each engine's own words for a column that does not exist (its error class or code, and the name). */
const reasons: Record<EngineName, RegExp> = {
  duckdb: /Binder Error: Referenced column "no_such_column" not found/,
  spark: /AnalysisException: \[UNRESOLVED_COLUMN\.\w+\] .*`no_such_column` cannot be resolved/,
  drill: /VALIDATION ERROR: .*Column 'no_such_column' not found in any table/,
  trino: /COLUMN_NOT_FOUND: .*Column 'no_such_column' cannot be resolved/,
  clickhouse:
    /Code: 47\. DB::Exception: Unknown expression identifier `no_such_column`.*\(UNKNOWN_IDENTIFIER\)/,
  flink: /SqlValidatorException: Column 'no_such_column' not found in any table/,
  databend: /SemanticError\. Code: 1065, Text = column no_such_column doesn't exist/,
};

describe.each(engineNames)('%s', (name) => {
  beforeAll(() => engine(name).install.install(settings().enginesDir, () => undefined), 1_800_000);

  it('a column that does not exist: QueryFailed with the engine’s own reason', async () => {
    const report = await runLocalQuery({
      sql,
      engine: name,
      workers: 1,
      spares: 0,
      tables: data.parquet.tables,
    });
    expect(report.status).toBe('FAILED');
    expect(report.error?.name).toBe('QueryFailed');
    expect(report.error?.message).toMatch(new RegExp(`^${name} could not run the query: `));
    expect(report.error?.message).toMatch(reasons[name]);
    expect(queryProcesses(report.queryId)).toEqual([]);
  }, 400_000);
});
