/**
 * Provision on Lambda for a distributed engine with the overlay on: the real local sessions table
 * holds the reflector's item; only Lambda's Invoke, which cannot run here, is mocked.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as provisionHandler } from '../../handlers/provision';
import { dynamo } from '../../src/aws/clients';
import { settings } from '../../src/config';
import { openRecord } from '../../src/history/store';
import type { LocalRuntime } from '../../src/local/runtime';
import { startReflector } from '../../src/overlay/reflector';
import type { Plan } from '../../src/plan/types';
import {
  publishReflector,
  REFLECTOR_KEY,
  reflectorEndpoint,
  STALE_MS,
} from '../../src/platforms/reflector-item';
import { getWorker, listWorkers, markStopped } from '../../src/session/store';
import { openSession, startLocalTables, testPlan } from './local-dynamo';

const lambda = mockClient(LambdaClient);
const arn = (name: string) => `arn:aws:lambda:eu-central-1:1:function:${name}`;
const functions = {
  duckdb: { '2048': arn('duckdb-2048') },
  spark: { '2048': arn('spark-2048'), '4096': arn('spark-4096'), '10240': arn('spark-10240') },
};
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalTables();
  process.env.METAQ_WORKER_FUNCTIONS = JSON.stringify(functions);
});
afterAll(() => runtime.stop());
beforeEach(() => lambda.on(InvokeCommand).resolves({ StatusCode: 202, $metadata: { requestId: 'req' } }));
afterEach(async () => {
  lambda.reset();
  await dynamo().send(new DeleteCommand({ TableName: settings().sessionsTable, Key: REFLECTOR_KEY }));
});

/** Provision as the state machine runs it: the handler, with the query's record opened at Optimize. */
async function provision(plan: Plan) {
  await openRecord(plan.queryId, { sql: plan.sql }, new Date());
  return provisionHandler({ plan } as never);
}

const payloads = () =>
  lambda.commandCalls(InvokeCommand).map((call) => ({
    functionName: call.args[0].input.FunctionName,
    payload: JSON.parse(String(call.args[0].input.Payload)),
  }));

describe('Provision: Spark on Lambda with the overlay on', () => {
  it("invokes the Spark function for the plan's memory, each worker told the reflector", async () => {
    const now = Date.now();
    await publishReflector({ address: '203.0.113.7', port: 3478, startedAt: now, refreshedAt: now });
    const plan = testPlan({ engine: 'spark', workers: 2, spares: 1, memoryMb: 3000 });

    await expect(provision(plan)).resolves.toMatchObject({ launched: 3 });

    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 3);
    const sent = payloads();
    // The smallest Spark function that holds 3000 MB.
    expect(sent.map((call) => call.functionName)).toEqual(Array(3).fill(functions.spark['4096']));
    expect(sent.map((call) => call.payload.index).sort()).toEqual([0, 1, 2]);
    for (const { payload } of sent) {
      expect(payload).toEqual({
        sessionId: plan.queryId,
        index: expect.any(Number),
        deadline: expect.any(Number),
        reflector: '203.0.113.7:3478',
      });
      expect(payload.deadline).toBeGreaterThan(now);
    }
    expect((await listWorkers(plan.queryId)).map((worker) => worker.state)).toEqual(
      Array(3).fill('launched'),
    );
  });

  it('sends no reflector to a single-process engine, and needs none', async () => {
    const plan = testPlan({ engine: 'duckdb', workers: 1, spares: 0, memoryMb: 2048 });
    await expect(provision(plan)).resolves.toMatchObject({ launched: 1 });
    expect(payloads().map((call) => Object.keys(call.payload).sort())).toEqual([
      ['deadline', 'index', 'sessionId'],
    ]);
  });
});

describe('ReflectorUnavailable', () => {
  it('when the reflector never published its address: nothing is launched, and it says what to do', async () => {
    const plan = testPlan({ engine: 'spark', workers: 2, spares: 0, memoryMb: 2048 });
    const provisioning = provision(plan);
    await expect(provisioning).rejects.toMatchObject({ name: 'ReflectorUnavailable' });
    await expect(provisioning).rejects.toThrow(
      'the reflector has not published its address: deploy the stack with the reflector on (docs/overlay.md) and check its ECS service is running, or choose platform ecs',
    );
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(await listWorkers(plan.queryId)).toEqual([]);
  });

  it('when its address is older than three refreshes: the service is not running', async () => {
    const now = Date.now();
    const old = now - STALE_MS - 5000;
    await publishReflector({ address: '203.0.113.7', port: 3478, startedAt: old, refreshedAt: old });
    await expect(reflectorEndpoint(now)).rejects.toThrow(
      'the reflector last published 203.0.113.7:3478 95 s ago (it does every 30 s): check its ECS service is running, or choose platform ecs',
    );
    await expect(provision(testPlan({ engine: 'spark', workers: 2 }))).rejects.toMatchObject({
      name: 'ReflectorUnavailable',
    });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });
});

describe('Method: publishReflector', () => {
  it('lets a reflector started later replace the address, never an older one', async () => {
    const now = Date.now();
    const newer = { address: '203.0.113.9', port: 3478, startedAt: now, refreshedAt: now };
    const older = { address: '203.0.113.8', port: 3478, startedAt: now - 60_000, refreshedAt: now };
    await expect(publishReflector(newer)).resolves.toBe(true);
    await expect(publishReflector(older)).resolves.toBe(false);
    await expect(reflectorEndpoint(now)).resolves.toBe('203.0.113.9:3478');
    await expect(publishReflector({ ...newer, refreshedAt: now + 1000 })).resolves.toBe(true);
  });
});

describe('Worker: the reflector its invocation names', () => {
  it('observes itself through it, over METAQ_REFLECTOR, and registers as an isolated member', async () => {
    const reflector = await startReflector({ host: '127.0.0.1' });
    const plan = testPlan({ engine: 'duckdb' });
    await openSession(plan, 1);
    const keys = ['METAQ_NETWORK', 'METAQ_REFLECTOR', 'METAQ_POLL_MS'] as const;
    const saved = keys.map((key) => [key, process.env[key]] as const);
    // TEST-NET: a worker that used it would never register.
    Object.assign(process.env, {
      METAQ_NETWORK: 'isolated',
      METAQ_REFLECTOR: '192.0.2.1:9',
      METAQ_POLL_MS: '20',
    });
    const title = process.title;
    const worker = require('../../handlers/worker') as typeof import('../../handlers/worker');
    process.title = title;
    try {
      const invocation = worker.handler({
        sessionId: plan.queryId,
        index: 0,
        deadline: Date.now() + 60_000,
        reflector: `127.0.0.1:${reflector.address.port}`,
      });
      const end = Date.now() + 20_000;
      while ((await getWorker(plan.queryId, 0))?.state !== 'ready' && Date.now() < end)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const item = await getWorker(plan.queryId, 0);
      expect(item).toMatchObject({ state: 'ready', address: '127.77.0.1', public: { address: '127.0.0.1' } });
      await markStopped(plan.queryId, 0, Date.now());
      await expect(invocation).resolves.toEqual({ reason: 'stopped' });
    } finally {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await reflector.close();
    }
  });
});
