/**
 * One audit trail whatever the door: a query run by `metaq query` without a server has the same
 * state-by-state history as one started through `metaq serve`, read back through the Step
 * Functions API of a server started afterwards in the same home.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { taskHandlers } from '../../src/local/statemachine';
import { executionArn } from '../../src/serve/arns';
import { bin, type ServeProcess, sfn, startServeProcess, tempDir } from '../serve/support';

const cwd = tempDir('metaq-audit-');
let serve: ServeProcess | undefined;
afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

function metaq(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, METAQ_HOME: path.join(cwd, '.metaq') },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

it('a query of the command line has its state-by-state history, as the server would record it', async () => {
  const succeeded = JSON.parse(metaq('query', 'SELECT 42 AS answer', '--json').stdout);
  const failed = JSON.parse(metaq('query', 'SELECT no_such_column FROM range(3)', '--json').stdout);
  expect(succeeded.status).toBe('SUCCEEDED');
  expect(failed.status).toBe('FAILED');

  serve = await startServeProcess([], cwd);
  const client = sfn(serve);
  const history = async (name: string) =>
    (
      await client.send(
        new GetExecutionHistoryCommand({ executionArn: executionArn(name), maxResults: 1000 }),
      )
    ).events ?? [];
  const entered = (events: Awaited<ReturnType<typeof history>>) =>
    events
      .filter((event) => event.type === 'TaskStateEntered')
      .map((event) => event.stateEnteredEventDetails?.name);

  const ok = await history(succeeded.queryId);
  expect(ok[0].type).toBe('ExecutionStarted');
  expect(ok.at(-1)?.type).toBe('ExecutionSucceeded');
  // Every Task state of the local state machine, which the command line runs.
  expect(entered(ok)).toEqual(expect.arrayContaining(Object.keys(taskHandlers)));
  expect(ok.some((event) => event.type === 'LambdaFunctionSucceeded')).toBe(true);
  const described = await client.send(
    new DescribeExecutionCommand({ executionArn: executionArn(succeeded.queryId) }),
  );
  expect(described.status).toBe('SUCCEEDED');
  expect(JSON.parse(described.output ?? '{}').queryId).toBe(succeeded.queryId);

  const bad = await history(failed.queryId);
  expect(bad.at(-1)?.type).toBe('ExecutionFailed');
  expect(entered(bad)).toEqual(expect.arrayContaining(['Optimize', 'Submit', 'Teardown']));
  client.destroy();
}, 240_000);
