/**
 * Drill's failures through metaq: Drill's own error text for bad SQL (read from the query's
 * profile), and a member lost mid-query; either way no process of the query is left behind:
 * no drillbit, no ZooKeeper, no metaq-worker.
 */
import { settings } from '../../../src/config';
import { installDrill } from '../../../src/engines/drill/install';
import { runLocalQuery } from '../../../src/local/run-query';
import type { LocalRuntime } from '../../../src/local/runtime';
import { queryProcesses, startTestRuntime } from '../../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
  installDrill(settings().enginesDir, () => undefined);
});
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

it("SQL Drill rejects: QueryFailed with Drill's own message", async () => {
  const report = await runLocalQuery({
    sql: 'SELECT no_such_column FROM (VALUES (1)) t(x)',
    engine: 'drill',
    workers: 1,
  });
  expect(report.status).toBe('FAILED');
  expect(report.error?.name).toBe('QueryFailed');
  expect(report.error?.message).toMatch(/^drill could not run the query: VALIDATION ERROR: .*no_such_column/);
  expect(queryProcesses(report.queryId)).toEqual([]);
});

it.each([
  ['a drillbit', '1'],
  ['the head (ZooKeeper and a drillbit)', '0'],
])('%s crashing mid-query: WorkerLost, and nothing of the query survives', async (_, index) => {
  process.env.METAQ_CHAOS = `${index}:crash-on-run`;
  const report = await runLocalQuery({
    sql: 'SELECT count(*) AS n FROM (VALUES (1), (2)) t(x)',
    engine: 'drill',
    workers: 2,
    spares: 0,
  });
  expect(report.status).toBe('FAILED');
  expect(report.error?.name).toBe('WorkerLost');
  expect(report.error?.message).toMatch(/stopped answering while running the query/);
  expect(report.workers).toMatchObject({ launched: 2, admitted: 2, failed: 1 });
  expect(queryProcesses(report.queryId)).toEqual([]);
});
