/** Straggler over-allocation: a delayed worker is replaced by a spare and dismissed. */
import { getRecord } from '../../src/history/store';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { liveWorkers, startTestRuntime } from '../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

it('1 worker + 2 spares with worker 0 delayed by 3 s: a spare is admitted and worker 0 dismissed before it was ever ready', async () => {
  process.env.METAQ_CHAOS = '0:delay-ready=3000';
  try {
    const report = await runLocalQuery({ sql: 'SELECT 42 AS answer', workers: 1, spares: 2 });
    expect(report.status).toBe('SUCCEEDED');
    expect(report.result?.preview).toEqual([{ answer: 42 }]);
    expect(report.workers).toMatchObject({ launched: 3, admitted: 1, dismissed: 2 });

    const timeline = (await getRecord(report.queryId))?.workerTimeline ?? [];
    const delayed = timeline.find((worker) => worker.index === 0);
    const head = timeline.find((worker) => worker.rank === 0);
    expect(head?.index).not.toBe(0);
    // Worker 0 was dismissed and stopped before it ever registered as ready.
    expect(delayed?.readyAt).toBeUndefined();
    expect(delayed?.dismissedAt).toBeDefined();
    // It was released without ever registering: the query did not wait for it. (How long that took
    // is for the benchmark's straggler experiment to measure, not for a test to assert.)
    expect(delayed?.stoppedAt).toBeDefined();
    expect(liveWorkers(report.queryId)).toEqual([]);
  } finally {
    delete process.env.METAQ_CHAOS;
  }
});
