import {
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LocalRuntime } from '../../src/local/runtime';
import { launchWorkers, stopWorkers, workerFunction } from '../../src/platforms/lambda';
import { platformFor } from '../../src/platforms/registry';
import { createSession, getWorker, heartbeat, listWorkers, registerReady } from '../../src/session/store';
import { openSession, startLocalTables, testPlan } from './local-dynamo';

const lambda = mockClient(LambdaClient);
const functions = {
  duckdb: {
    '1024': 'arn:aws:lambda:eu-central-1:1:function:w-1024',
    '4096': 'arn:aws:lambda:eu-central-1:1:function:w-4096',
  },
};
const fast = { attempts: 4, baseMs: 1 };
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalTables();
  process.env.METAQ_WORKER_FUNCTIONS = JSON.stringify(functions);
});
afterAll(() => runtime.stop());
afterEach(() => lambda.reset());

describe('Method: workerFunction', () => {
  it('takes the smallest worker function that has the plan memory', () => {
    expect(workerFunction(testPlan({ memoryMb: 1024 }))).toBe(functions.duckdb['1024']);
    expect(workerFunction(testPlan({ memoryMb: 2048 }))).toBe(functions.duckdb['4096']);
  });

  it('names the setting and the fix when there is no function', () => {
    expect(() => workerFunction(testPlan({ memoryMb: 8192 }))).toThrow(
      'no duckdb worker function has 8192 MB (the largest has 4096 MB): choose memoryMb of at most 4096',
    );
    expect(() => workerFunction(testPlan(), {})).toThrow(
      'environment variable METAQ_WORKER_FUNCTIONS is not set',
    );
    expect(() => workerFunction(testPlan(), { METAQ_WORKER_FUNCTIONS: '{"spark": "x"}' })).toThrow(
      'METAQ_WORKER_FUNCTIONS has no worker function ARN by memory MB for engine duckdb (it has: spark)',
    );
  });
});

describe('Method: launch', () => {
  it('invokes the worker function asynchronously once per worker and keeps the request id', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202, $metadata: { requestId: 'req-1' } });
    const plan = testPlan({ workers: 2, spares: 1, memoryMb: 4096 });
    await createSession(plan, Date.now());
    const before = Date.now();
    const platform = await platformFor('lambda');
    const refs = await platform.launch({ sessionId: plan.queryId }, 3, plan);

    expect(refs.map((ref) => ref.index)).toEqual([0, 1, 2]);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 3);
    for (const index of [0, 1, 2]) {
      expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
        FunctionName: functions.duckdb['4096'],
        InvocationType: 'Event',
        Payload: expect.stringContaining(`"index":${index}`),
      });
    }
    const payload = JSON.parse(String(lambda.commandCalls(InvokeCommand)[0].args[0].input.Payload));
    expect(payload.sessionId).toBe(plan.queryId);
    // Rendezvous + query + start, within Lambda's 15 minutes.
    expect(payload.deadline - before).toBeGreaterThanOrEqual(780_000);
    expect(payload.deadline - before).toBeLessThanOrEqual(890_000 + 1000);
    const workers = await listWorkers(plan.queryId);
    expect(workers.map((w) => [w.state, w.handle])).toEqual(
      [0, 1, 2].map(() => [
        'launched',
        { sessionId: plan.queryId, functionName: functions.duckdb['4096'], requestId: 'req-1' },
      ]),
    );
  });

  it('waits out throttling', async () => {
    lambda
      .on(InvokeCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }))
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }))
      .resolves({ StatusCode: 202, $metadata: { requestId: 'req-2' } });
    const plan = testPlan({ workers: 1, spares: 0 });
    const refs = await launchWorkers({ sessionId: plan.queryId }, 1, plan, 0, fast);
    expect(refs).toHaveLength(1);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 3);
  });

  it('keeps going when a spare fails to start, and marks it stopped', async () => {
    lambda.on(InvokeCommand).callsFake(async (input) => {
      if (String(input.Payload).includes('"index":1')) {
        throw new ResourceNotFoundException({ message: 'Function not found', $metadata: {} });
      }
      return { StatusCode: 202, $metadata: { requestId: 'ok' } };
    });
    const plan = testPlan({ workers: 1, spares: 1 });
    const refs = await launchWorkers({ sessionId: plan.queryId }, 2, plan, 0, fast);
    expect(refs.map((ref) => ref.index)).toEqual([0]);
    expect((await getWorker(plan.queryId, 1))?.state).toBe('stopped');
  });

  it('fails with WorkerLaunchFailed when fewer than the plan needs start', async () => {
    lambda
      .on(InvokeCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: {} }));
    const plan = testPlan({ workers: 1, spares: 1 });
    const launching = launchWorkers({ sessionId: plan.queryId }, 2, plan, 0, fast);
    await expect(launching).rejects.toMatchObject({
      name: 'WorkerLaunchFailed',
      message: expect.stringContaining('0 of 2 worker(s) started on lambda'),
    });
    await expect(launching).rejects.toThrow('ResourceNotFoundException: Function not found');
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 2);
    expect((await listWorkers(plan.queryId)).map((w) => w.state)).toEqual(['stopped', 'stopped']);
  });

  it('gives up on throttling after its attempts', async () => {
    lambda
      .on(InvokeCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const plan = testPlan({ workers: 1, spares: 0 });
    await expect(launchWorkers({ sessionId: plan.queryId }, 1, plan, 0, fast)).rejects.toThrow(
      'TooManyRequestsException: Rate exceeded',
    );
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, fast.attempts);
  });
});

describe('Method: terminate', () => {
  it('writes the stop through the table and reports the workers that still answer', async () => {
    const plan = testPlan({ workers: 2, spares: 1 });
    await openSession(plan, 3);
    const now = Date.now();
    await registerReady(plan.queryId, 0, '127.0.0.1', [], now);
    await heartbeat(plan.queryId, 0, now);
    const handle = { sessionId: plan.queryId, functionName: 'f', requestId: 'r' };
    const refs = [0, 1, 2].map((index) => ({ index, handle }));

    const { stillAlive } = await stopWorkers(refs, now + 100);
    expect(stillAlive).toEqual([0]);
    expect((await listWorkers(plan.queryId)).map((w) => w.state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
    // Idempotent: a second stop changes nothing and reports the same worker until its heartbeat is old.
    expect((await stopWorkers(refs, now + 100)).stillAlive).toEqual([0]);
    expect((await stopWorkers(refs, now + 60_000)).stillAlive).toEqual([]);
  });
});
