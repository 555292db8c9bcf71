/**
 * `metaq serve` driven by the real `@aws-sdk/client-sfn`, as any AWS tool would drive Step
 * Functions: start, describe, list, history, stop (and then no worker), names, unknown ARNs.
 */

import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { eventually, type ServeProcess, sfn, startServeProcess, workersOf } from './support';

const STATE_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query';
const arnOf = (name: string) => `arn:aws:states:us-east-1:000000000000:execution:metaq-query:${name}`;

let serve: ServeProcess;
let client: SFNClient;

beforeAll(async () => {
  serve = await startServeProcess();
  client = sfn(serve);
});
afterAll(async () => {
  client?.destroy();
  expect(await serve?.stop()).toBe(0);
});

async function start(name: string, input: unknown) {
  return client.send(
    new StartExecutionCommand({ stateMachineArn: STATE_MACHINE, name, input: JSON.stringify(input) }),
  );
}

async function ended(executionArn: string) {
  return eventually(async () => {
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  }, 90_000);
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => ({
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      message: error.message,
    }),
  );
}

describe('the state machine', () => {
  it('is listed and described', async () => {
    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines).toEqual([
      expect.objectContaining({ stateMachineArn: STATE_MACHINE, name: 'metaq-query', type: 'STANDARD' }),
    ]);
    expect(listed.stateMachines?.[0].creationDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: STATE_MACHINE }));
    expect(described).toMatchObject({ status: 'ACTIVE', type: 'STANDARD', name: 'metaq-query' });
    expect(JSON.parse(described.definition ?? '{}')).toMatchObject({ StartAt: 'Optimize' });
  });
});

describe('an execution that succeeds', () => {
  const name = 'answer-1';
  let executionArn: string;

  it('starts, runs and is described with its output', async () => {
    const started = await start(name, { sql: 'SELECT 42 AS answer' });
    executionArn = started.executionArn as string;
    expect(executionArn).toBe(arnOf(name));
    expect(started.startDate).toBeInstanceOf(Date);
    const execution = await ended(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', name, stateMachineArn: STATE_MACHINE });
    expect(execution.stopDate?.getTime()).toBeGreaterThanOrEqual(execution.startDate?.getTime() ?? Infinity);
    expect(JSON.parse(execution.input ?? '')).toEqual({ sql: 'SELECT 42 AS answer' });
    const output = JSON.parse(execution.output ?? '{}');
    expect(output).toMatchObject({
      queryId: name,
      status: 'SUCCEEDED',
      result: { rows: 1, preview: [{ answer: 42 }] },
    });
  });

  it('is listed, and filtered by status', async () => {
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE }));
    expect(all.executions).toContainEqual(
      expect.objectContaining({ executionArn, name, status: 'SUCCEEDED', startDate: expect.any(Date) }),
    );
    const failed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE, statusFilter: 'FAILED' }),
    );
    expect(failed.executions?.map((one) => one.name)).not.toContain(name);
  });

  it('has the history of the real run: each state entered and exited, in order, with timestamps', async () => {
    const events = await history(executionArn);
    expect(events[0]).toMatchObject({ id: 1, previousEventId: 0, type: 'ExecutionStarted' });
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const times = events.map((event) => event.timestamp?.getTime() ?? Number.NaN);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const entered = events
      .filter((event) => event.type?.endsWith('StateEntered'))
      .map((event) => `${event.type}:${event.stateEnteredEventDetails?.name}`);
    expect(entered).toEqual([
      'TaskStateEntered:Optimize',
      'TaskStateEntered:Provision',
      'TaskStateEntered:Rendezvous',
      'TaskStateEntered:StartEngine',
      'TaskStateEntered:Submit',
      'ChoiceStateEntered:QueryFinished',
      'TaskStateEntered:Collect',
      'TaskStateEntered:Teardown',
      'ChoiceStateEntered:Outcome',
      'SucceedStateEntered:Done',
    ]);
    const optimized = events.find((event) => event.stateExitedEventDetails?.name === 'Optimize');
    expect(JSON.parse(optimized?.stateExitedEventDetails?.output ?? '{}').plan).toMatchObject({
      engine: 'duckdb',
    });
    expect(events.filter((event) => event.type === 'LambdaFunctionScheduled')[0]).toMatchObject({
      lambdaFunctionScheduledEventDetails: { resource: expect.stringMatching(/:function:metaq-Optimize$/) },
    });
  });

  it('pages its history with nextToken, forwards and in reverse', async () => {
    const all = await history(executionArn);
    const pages: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 7, reverseOrder: true, nextToken }),
      );
      pages.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages.map((event) => event.id)).toEqual(all.map((event) => event.id).reverse());
  });

  it('publishes the local S3: the result is there, read with the published endpoint', async () => {
    const s3 = new S3Client({
      endpoint: serve.registration.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'metaq-results', Prefix: `results/${name}/` }),
    );
    s3.destroy();
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual([
      `results/${name}/manifest.json`,
      `results/${name}/part-0.parquet`,
    ]);
  });
});

describe('an execution that fails', () => {
  it('is FAILED with the original error, and its history has the failure', async () => {
    const { executionArn } = await start('broken-1', { sql: 'SELECT no_such_column FROM range(3)' });
    const execution = await ended(executionArn as string);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'QueryFailed' });
    expect(execution.cause).toMatch(/no_such_column/);
    expect(execution.output).toBeUndefined();
    const events = await history(executionArn as string);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'LambdaFunctionFailed',
        lambdaFunctionFailedEventDetails: {
          error: 'QueryFailed',
          cause: expect.stringMatching(/no_such_column/),
        },
      }),
    );
    expect(events.at(-2)).toMatchObject({
      type: 'FailStateEntered',
      stateEnteredEventDetails: { name: 'Failed' },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'QueryFailed' },
    });
    expect(workersOf(serve.home)).toEqual([]);
  });
});

describe('input that engines would read differently', () => {
  // It once ran as `select 1` and answered with a column named 1.
  it('a NUL byte in the SQL fails the execution at Optimize, naming sql', async () => {
    const { executionArn } = await start('nul-1', { sql: 'select 1\u0000 as a' });
    const execution = await ended(executionArn as string);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'InvalidQueryInput' });
    expect(execution.cause).toMatch(/^sql: holds the control character U\+0000 at position 8/);
    expect(workersOf(serve.home)).toEqual([]);
  });
});

describe('names, as AWS honours them', () => {
  it('the same name and input while it runs gives the same execution; other input is refused', async () => {
    const input = { sql: 'SELECT 1 AS one' };
    const first = await start('twice', input);
    const again = await start('twice', input);
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    expect(await errorOf(start('twice', { sql: 'SELECT 2' }))).toMatchObject({
      name: 'ExecutionAlreadyExists',
      status: 400,
    });
    await ended(first.executionArn as string);
    expect(await errorOf(start('twice', input))).toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('refuses names AWS refuses', async () => {
    expect(await errorOf(start('with space', {}))).toMatchObject({ name: 'InvalidName', status: 400 });
    expect(await errorOf(start('a/b', {}))).toMatchObject({ name: 'InvalidName' });
    expect(await errorOf(start('x'.repeat(81), {}))).toMatchObject({ name: 'InvalidName' });
  });
});

describe('bad requests get AWS error names', () => {
  it.each([
    [
      'an unknown execution',
      () => client.send(new DescribeExecutionCommand({ executionArn: arnOf('nobody') })),
      'ExecutionDoesNotExist',
    ],
    [
      'a malformed ARN',
      () => client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })),
      'InvalidArn',
    ],
    [
      'history of an unknown execution',
      () => client.send(new GetExecutionHistoryCommand({ executionArn: arnOf('nobody') })),
      'ExecutionDoesNotExist',
    ],
    [
      'stopping an unknown execution',
      () => client.send(new StopExecutionCommand({ executionArn: arnOf('nobody') })),
      'ExecutionDoesNotExist',
    ],
    [
      'another state machine',
      () =>
        client.send(new StartExecutionCommand({ stateMachineArn: `${STATE_MACHINE}-other`, input: '{}' })),
      'StateMachineDoesNotExist',
    ],
    [
      'input that is not JSON',
      () => client.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE, input: '{nope' })),
      'InvalidExecutionInput',
    ],
    [
      'maxResults over 1000',
      () => client.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE, maxResults: 5000 })),
      'ValidationException',
    ],
    [
      'a token it never gave',
      () => client.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE, nextToken: 'bogus' })),
      'InvalidToken',
    ],
  ])('%s', async (_, call, name) => {
    expect(await errorOf(call())).toMatchObject({ name, status: 400 });
  });
});

describe('StopExecution', () => {
  it('aborts the execution and tears it down: no worker is left', async () => {
    // Long enough to be stopped mid-query: DuckDB sums 10^11 numbers for minutes.
    const { executionArn } = await start('long-1', { sql: 'SELECT sum(i) FROM range(100000000000) t(i)' });
    await eventually(async () => {
      const events = await history(executionArn as string);
      const submitting = events.some((event) => event.stateEnteredEventDetails?.name === 'Submit');
      return submitting && workersOf(serve.home).length > 0 ? true : undefined;
    });
    const { stopDate } = await client.send(
      new StopExecutionCommand({ executionArn, error: 'Manual', cause: 'stopped by the test' }),
    );
    expect(stopDate).toBeInstanceOf(Date);
    expect(workersOf(serve.home)).toEqual([]);
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'stopped by the test' });
    const events = await eventually(async () => {
      const all = await history(executionArn as string);
      return all.at(-1)?.type === 'ExecutionAborted' ? all : undefined;
    });
    expect(events.at(-2)?.type).toBe('TaskStateAborted');
    expect(events.at(-1)).toMatchObject({
      executionAbortedEventDetails: { error: 'Manual', cause: 'stopped by the test' },
    });
    const aborted = await client.send(
      new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE, statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions?.map((one) => one.name)).toContain('long-1');
  });
});
