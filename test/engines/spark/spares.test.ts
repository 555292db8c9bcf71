/** Straggler over-allocation with Spark: a delayed worker is replaced by a spare and dismissed. */
import { getRecord } from '../../../src/history/store';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { expectedRows, resultRows } from '../../support/results';
import { liveWorkers, queryProcesses, startTestRuntime, tempDir } from '../../support/runtime';
import { expectSameRows, prepare, sparkQueries, type TestTables } from './support';

let runtime: LocalRuntime;
let data: Record<string, TestTables>;
const scratch = tempDir('metaq-spark-spares-');

beforeAll(async () => {
  runtime = await startTestRuntime();
  data = await prepare(scratch, ['parquet']);
}, 600_000);
afterAll(() => runtime.stop());

it('2 workers + 2 spares, worker 0 delayed by 4 s: two spares are admitted, worker 0 dismissed unready, the answer right', async () => {
  process.env.METAQ_CHAOS = '0:delay-ready=4000';
  try {
    const query = sparkQueries[4];
    const report = await runLocalQuery({
      sql: query.sql,
      engine: 'spark',
      workers: 2,
      spares: 2,
      tables: data.parquet.tables,
    });
    expect(report.error).toBeUndefined();
    expect(report.status).toBe('SUCCEEDED');
    expect(report.workers).toMatchObject({ launched: 4, admitted: 2, dismissed: 2 });

    const timeline = (await getRecord(report.queryId))?.workerTimeline ?? [];
    const delayed = timeline.find((worker) => worker.index === 0);
    expect(delayed?.readyAt).toBeUndefined();
    expect(delayed?.dismissedAt).toBeDefined();
    expect(delayed?.stoppedAt).toBeDefined();
    expect(
      timeline.filter((worker) => worker.rank !== undefined).map((worker) => worker.index),
    ).not.toContain(0);

    const actual = await resultRows(report.result?.files[0] ?? '', 'parquet', scratch);
    expectSameRows(actual, await expectedRows(query.sql, data.parquet.files, 'parquet', 'parquet', scratch));
    expect(liveWorkers(report.queryId)).toEqual([]);
    expect(queryProcesses(report.queryId)).toEqual([]);
  } finally {
    delete process.env.METAQ_CHAOS;
  }
}, 300_000);
