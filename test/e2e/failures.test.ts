/**
 * What bad input and failures get: a named error, Teardown still runs, the history keeps the
 * error, and no `metaq-worker` process is left behind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getRecord } from '../../src/history/store';
import { newQueryId, runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { executionLimits, limitsFor } from '../../src/plan/limits';
import { listWorkers } from '../../src/session/store';
import { liveWorkers, startTestRuntime, tempDir } from '../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

async function expectFailure(input: unknown, name: string, message: RegExp) {
  const report = await runLocalQuery(input);
  expect(report.status).toBe('FAILED');
  expect(report.error?.name).toBe(name);
  expect(report.error?.message).toMatch(message);
  expect(liveWorkers(report.queryId)).toEqual([]);
  const record = await getRecord(report.queryId);
  expect(record?.status).toBe('FAILED');
  expect(record?.error).toEqual(report.error);
  expect(record?.releasedAt).toBeDefined();
  return report;
}

describe('malformed input stops at Optimize, naming the field, before any worker is launched', () => {
  it.each([
    ['missing sql', {}, /^sql: .*Pass the query text/],
    [
      'unknown engine',
      { sql: 'SELECT 1', engine: 'oracle' },
      /^engine: .*"oracle".*Choose one of: auto, duckdb/,
    ],
    ['workers 0', { sql: 'SELECT 1', workers: 0 }, /^workers: .*got 0.*from 1 to 64/],
    ['workers 10^6', { sql: 'SELECT 1', workers: 1_000_000 }, /^workers: .*got 1000000.*from 1 to 64/],
    ['negative spares', { sql: 'SELECT 1', spares: -1 }, /^spares: .*got -1.*from 0 to 16/],
    [
      'unknown table',
      { sql: 'SELECT count(*) FROM nowhere_table' },
      /^sql: .*"nowhere_table".*metaq tables add nowhere_table/,
    ],
    [
      'unsupported format',
      { sql: 'SELECT 1', output: { format: 'xlsx' } },
      /^output.format: .*"xlsx".*Formats: parquet, csv, json/,
    ],
    ['an unknown field', { sql: 'SELECT 1', wrokers: 2 }, /wrokers.*Known fields: sql, engine/],
    [
      'a time limit the execution cannot hold',
      { sql: 'SELECT 1', limits: { timeoutSeconds: 7000 } },
      /^limits.timeoutSeconds: the execution would need 7360 s .* more than the state machine's 7200 s\. Choose limits.timeoutSeconds of at most 6840$/,
    ],
    [
      'more than one worker for DuckDB',
      { sql: 'SELECT 1', engine: 'duckdb', workers: 3 },
      /^workers: duckdb runs in one process/,
    ],
  ])('%s', async (_, input, message) => {
    const report = await expectFailure(input, 'InvalidQueryInput', message);
    expect(report.workers.launched).toBe(0);
  });
});

describe('what the AWS handlers refuse at Optimize (their settings set as the stack sets them)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['AWS_LAMBDA_FUNCTION_NAME', 'METAQ_OUTPUT_BUCKETS']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('platform local in a Lambda function', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'metaq-optimize';
    const report = await expectFailure(
      { sql: 'SELECT 1', platform: 'local' },
      'InvalidQueryInput',
      /^platform: local workers run on the machine of the metaq process, and this one is an AWS Lambda function\. Choose platform lambda or ecs/,
    );
    expect(report.workers.launched).toBe(0);
  });

  it('an output location in a bucket the workers may not write', async () => {
    process.env.METAQ_OUTPUT_BUCKETS = 'metaq-results,reports';
    const report = await expectFailure(
      { sql: 'SELECT 1', output: { location: 's3://someone-else/x/' } },
      'InvalidQueryInput',
      /^output.location: workers may write only to s3:\/\/metaq-results\/, s3:\/\/reports\/, not to s3:\/\/someone-else\/\. .*metaq:outputBuckets$/,
    );
    expect(report.workers.launched).toBe(0);
    // The results bucket itself, and a listed one, are fine.
    expect((await runLocalQuery({ sql: 'SELECT 1 AS x' })).status).toBe('SUCCEEDED');
  });
});

it('rendezvous waits by default as long as the platform takes to start a worker', () => {
  expect(limitsFor({ timeoutSeconds: 600 }, 'local').rendezvousSeconds).toBe(60);
  expect(limitsFor({ timeoutSeconds: 600 }, 'lambda').rendezvousSeconds).toBe(60);
  expect(limitsFor({ timeoutSeconds: 600 }, 'ecs').rendezvousSeconds).toBe(180);
  expect(limitsFor({ timeoutSeconds: 600, rendezvousSeconds: 5 }, 'ecs').rendezvousSeconds).toBe(5);
});

it("the execution limit is the state machine's TimeoutSeconds", () => {
  const definition = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../statemachines/query.asl.json'), 'utf8'),
  );
  expect(definition.TimeoutSeconds).toBe(executionLimits.seconds);
});

it('an engine not installed on this machine: EngineNotInstalled at Optimize, naming the command, nothing launched', async () => {
  const installed = process.env.METAQ_ENGINES_DIR;
  process.env.METAQ_ENGINES_DIR = tempDir('metaq-no-engines-');
  try {
    const report = await expectFailure(
      { sql: 'SELECT 1', engine: 'spark', workers: 1 },
      'EngineNotInstalled',
      /^spark is not installed in .*metaq-no-engines-.*: run `metaq engines install spark`$/,
    );
    expect(report.workers.launched).toBe(0);
  } finally {
    if (installed === undefined) delete process.env.METAQ_ENGINES_DIR;
    else process.env.METAQ_ENGINES_DIR = installed;
  }
});

describe('failures after launch still tear everything down', () => {
  it('SQL that fails in the engine: QueryFailed with the engine message', async () => {
    const report = await expectFailure(
      { sql: 'SELECT no_such_column FROM range(3)' },
      'QueryFailed',
      /no_such_column/,
    );
    expect(report.workers.launched).toBe(1);
  });

  // DuckDB's gate refuses them first; behind it, the lock-down would too (statements.test.ts).
  it('a query cannot read files outside its tables: QueryRefused', async () => {
    await expectFailure(
      { sql: "SELECT * FROM read_text('/proc/self/environ')" },
      'QueryRefused',
      /the table function read_text\(\)/,
    );
    await expectFailure(
      { sql: "SELECT * FROM read_csv('/etc/passwd')" },
      'QueryRefused',
      /the table function read_csv\(\)/,
    );
  });

  it('a worker that crashes at start: WorkerLost', async () => {
    process.env.METAQ_CHAOS = '0:crash-on-start,1:crash-on-start';
    await expectFailure({ sql: 'SELECT 1' }, 'WorkerLost', /stopped answering while starting duckdb/);
  });

  it('a worker that crashes mid-query: WorkerLost', async () => {
    process.env.METAQ_CHAOS = '0:crash-on-run,1:crash-on-run';
    const report = await expectFailure(
      { sql: 'SELECT 1' },
      'WorkerLost',
      /stopped answering while running the query/,
    );
    expect(report.workers.failed).toBe(1);
  });

  it('a rendezvous that never completes: RendezvousTimeout', async () => {
    process.env.METAQ_CHAOS = '0:delay-ready=60000';
    const report = await expectFailure(
      { sql: 'SELECT 1', spares: 0, limits: { rendezvousSeconds: 2 } },
      'RendezvousTimeout',
      /only 0 of 1 worker\(s\) were ready 2 s after launch/,
    );
    expect(report.workers).toMatchObject({ launched: 1, admitted: 0, failed: 1 });
  });

  it('a worker that dies before it is ready, with none left to wait for: WorkerLost at once, not at the limit', async () => {
    process.env.METAQ_CHAOS = '0:delay-ready=60000';
    const queryId = newQueryId();
    const running = runLocalQuery(
      { sql: 'SELECT 1', spares: 0, limits: { rendezvousSeconds: 600 } },
      { queryId },
    );
    let pid: number | undefined;
    while (pid === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pid = (await listWorkers(queryId))[0]?.handle?.pid as number | undefined;
    }
    process.kill(pid, 'SIGKILL');
    const report = await running;
    expect([report.status, report.error?.name]).toEqual(['FAILED', 'WorkerLost']);
    expect(report.error?.message).toMatch(
      /^worker 0 \(exit SIGKILL\) exited before it was ready, and 0 other worker\(s\) are left for the 1/,
    );
    // Long before the 600 s limit: the failure came from the exit, not from the clock.
    expect(report.timings.totalMs).toBeLessThan(60_000);
    expect(liveWorkers(queryId)).toEqual([]);
  });

  it('a query that hangs past its time limit: QueryTimeout', async () => {
    process.env.METAQ_CHAOS = '0:hang-on-run,1:hang-on-run';
    await expectFailure(
      { sql: 'SELECT 1', limits: { timeoutSeconds: 2 } },
      'QueryTimeout',
      /limits.timeoutSeconds \(2 s\)/,
    );
  });
});
