/**
 * A Spark query that fails ends with a named error, and Teardown leaves nothing of the query alive:
 * no metaq-worker and no JVM (master, workers, executors, driver) or Python driver.
 */
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { liveWorkers, queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { prepare, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(tempDir('metaq-spark-failures-'), ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

async function expectFailure(input: Record<string, unknown>, name: string, message: RegExp) {
  const report = await runLocalQuery({ engine: 'spark', spares: 0, ...input });
  expect(report.status).toBe('FAILED');
  expect(report.error?.name).toBe(name);
  expect(report.error?.message).toMatch(message);
  expect(liveWorkers(report.queryId)).toEqual([]);
  expect(queryProcesses(report.queryId)).toEqual([]);
  return report;
}

// The head is the first worker to be ready: a delay decides which launch index it is.
const lineCount = 'SELECT l_returnflag, count(*) AS n FROM lineitem GROUP BY l_returnflag';

describe('a worker that crashes during the query: WorkerLost, nothing left behind', () => {
  // Worker 0 crashes on run; which worker is delayed decides whether it is the head.
  it.each([
    ['a member other than the head', '0:delay-ready=3000,0:crash-on-run'],
    ['the head', '1:delay-ready=3000,0:crash-on-run'],
  ])(
    '%s',
    async (_, chaos) => {
      process.env.METAQ_CHAOS = chaos;
      const report = await expectFailure(
        { sql: lineCount, workers: 2, tables: data.parquet.tables },
        'WorkerLost',
        /worker 0 stopped answering while running the query \(exited with 70\)/,
      );
      expect(report.workers).toMatchObject({ launched: 2, admitted: 2, failed: 1 });
    },
    300_000,
  );
});

it('SQL that Spark rejects: QueryFailed with Spark’s own message', async () => {
  await expectFailure(
    { sql: 'SELECT no_such_column FROM orders', workers: 1, tables: data.parquet.tables },
    'QueryFailed',
    /spark could not run the query: AnalysisException: .*no_such_column/,
  );
}, 300_000);

// Each would return a worker's environment (its credentials on ECS) as a column.
it.each(['reflect', 'java_method', 'try_reflect'])(
  'SQL that calls a Java method through %s: refused before it runs',
  async (name) => {
    await expectFailure(
      {
        sql: `SELECT ${name}('java.lang.System', 'getenv', 'METAQ_SESSION_ID') AS leaked`,
        workers: 1,
        tables: data.parquet.tables,
      },
      'QueryFailed',
      new RegExp(`UNRESOLVED_ROUTINE.*\`${name}\``),
    );
  },
  300_000,
);
