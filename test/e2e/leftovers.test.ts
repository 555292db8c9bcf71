/**
 * Nothing of a finished query stays on disk but its logs under $METAQ_HOME/logs/<queryId>/: not
 * its workers' folders (<tmp>/metaq/<queryId>/), not a file of the workers' user anywhere it may
 * write, whether the query succeeded, failed, or lost a worker that crashed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { expectNothingLeft, startTestRuntime, workerUserFiles } from '../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());
afterEach(() => {
  delete process.env.METAQ_CHAOS;
});

it.each([
  ['a query that succeeded', {}, 'SUCCEEDED', undefined],
  ['a query the engine failed', { sql: 'SELECT no_such_column FROM range(3)' }, 'FAILED', undefined],
  ['a worker that crashed mid-query', {}, 'FAILED', '0:crash-on-run,1:crash-on-run'],
])('%s leaves only its logs', async (_, input, status, chaos) => {
  if (chaos) process.env.METAQ_CHAOS = chaos;
  const before = new Set(workerUserFiles());
  const report = await runLocalQuery({ sql: 'SELECT 42 AS answer', spares: 1, ...input });
  expect(report.status).toBe(status);
  expectNothingLeft(report.queryId, before);
  const logs = path.join(runtime.home, 'logs', report.queryId);
  expect(readdirSync(logs).sort()).toEqual(['worker-0.log', 'worker-1.log']);
});
