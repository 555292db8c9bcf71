/**
 * The local platform's capacity, for real: with room for 2 workers, 6 queries at once run 2 at a
 * time and the later ones wait, visibly, and all succeed; a query waiting past its time limit fails
 * with CapacityTimeout and launches nothing, as does one stopped while it waits; one that can never
 * fit is refused at once.
 */
import { progressPrinter } from '../../src/cli/progress';
import { getRecord } from '../../src/history/store';
import { newQueryId, runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { stateResources } from '../../src/local/statemachine';
import { localLedger } from '../../src/platforms/capacity';
import { RunningExecution } from '../../src/serve/execution';
import { liveWorkers, queryProcesses, startTestRuntime } from '../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
  process.env.METAQ_LOCAL_MAX_WORKERS = '2';
});
afterAll(async () => {
  delete process.env.METAQ_LOCAL_MAX_WORKERS;
  delete process.env.METAQ_LOCAL_MAX_MEMORY_MB;
  await runtime.stop();
});

/** The most workers of this test's home alive at one time while `work` runs (sampled every 50 ms). */
async function peakWorkers<T>(work: Promise<T>): Promise<{ result: T; peak: number }> {
  let done = false;
  let peak = 0;
  void work.finally(() => {
    done = true;
  });
  while (!done) {
    peak = Math.max(peak, liveWorkers().length);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { result: await work, peak };
}

it('6 queries on a capacity of 2: the later ones wait (WAITING shown), never more than 2 workers alive, all succeed, nothing left', async () => {
  const lines = new Map<string, string[]>();
  const queries = Array.from({ length: 6 }, (_, i) => {
    const queryId = newQueryId();
    lines.set(queryId, []);
    const onEvent = progressPrinter((line) => lines.get(queryId)?.push(line));
    return runLocalQuery({ sql: `SELECT ${i} AS n`, engine: 'duckdb', spares: 0 }, { queryId, onEvent });
  });
  const { result: reports, peak } = await peakWorkers(Promise.all(queries));

  expect(reports.map((report) => [report.status, report.result?.preview[0]])).toEqual(
    Array.from({ length: 6 }, (_, i) => ['SUCCEEDED', { n: i }]),
  );
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(2);
  const waited = reports.filter((report) => report.timings.waitMs !== undefined);
  expect(waited.length).toBeGreaterThanOrEqual(4);
  for (const report of waited) {
    const printed = lines.get(report.queryId) ?? [];
    expect(printed).toContainEqual(
      expect.stringMatching(/^ {2}… Provision +WAITING for capacity: \d of 2 worker\(s\) .* in use/),
    );
    expect(printed).toContainEqual(expect.stringMatching(/✓ Provision .*\(waited .* for capacity\)$/));
    const record = await getRecord(report.queryId);
    expect(record?.phaseStarts.wait).toBeLessThanOrEqual(record?.phaseStarts.provision ?? 0);
  }
  expect(liveWorkers()).toEqual([]);
  expect(localLedger.inUse()).toEqual({ workers: 0, memoryMb: 0 });
});

it('a query that waits past its time limit fails with CapacityTimeout and launches nothing', async () => {
  localLedger.ask('q-someone-else', { workers: 2, memoryMb: 2048 });
  try {
    const queryId = newQueryId();
    const report = await runLocalQuery(
      { sql: 'SELECT 1', engine: 'duckdb', limits: { timeoutSeconds: 2 } },
      { queryId },
    );
    expect(report.status).toBe('FAILED');
    expect(report.error?.name).toBe('CapacityTimeout');
    expect(report.error?.message).toMatch(/^waited 2 s \(limits.timeoutSeconds\) .* nothing was launched/);
    expect(report.workers.launched).toBe(0);
    expect(queryProcesses(queryId)).toEqual([]);
    expect(localLedger.has(queryId)).toBe(false);
  } finally {
    localLedger.release('q-someone-else');
  }
});

it('an execution stopped while it waits (StopExecution) launches nothing and leaves the queue', async () => {
  localLedger.ask('q-someone-else', { workers: 2, memoryMb: 2048 });
  try {
    const name = newQueryId();
    const input = JSON.stringify({ sql: 'SELECT 1', engine: 'duckdb' });
    const execution = new RunningExecution(name, input, stateResources(), () => undefined);
    for (let i = 0; i < 200 && !(await getRecord(name))?.phaseStarts.wait; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(localLedger.has(name)).toBe(true);
    await execution.stop({ error: 'Stopped', cause: 'by the test' });
    await execution.finished;
    const record = await getRecord(name);
    expect([record?.status, record?.error?.name, record?.workers?.launched]).toEqual([
      'ABORTED',
      'ExecutionAborted',
      0,
    ]);
    expect(localLedger.has(name)).toBe(false);
    expect(queryProcesses(name)).toEqual([]);
  } finally {
    localLedger.release('q-someone-else');
  }
});

it('a query the capacity can never hold is refused at once with CapacityExceeded', async () => {
  process.env.METAQ_LOCAL_MAX_MEMORY_MB = '512';
  try {
    const report = await runLocalQuery({ sql: 'SELECT 1', engine: 'duckdb', memoryMb: 1024 });
    expect(report.error?.name).toBe('CapacityExceeded');
    expect(report.error?.message).toContain('METAQ_LOCAL_MAX_MEMORY_MB is 512');
    expect(report.workers.launched).toBe(0);
  } finally {
    delete process.env.METAQ_LOCAL_MAX_MEMORY_MB;
  }
});
