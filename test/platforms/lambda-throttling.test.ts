/**
 * Lambda under load: a throttled Invoke (TooManyRequestsException) is retried with backoff and,
 * throttled past every attempt, ends in WorkerLaunchThrottled; an invocation Lambda accepted while
 * the account's concurrency is used up starts late, and the rendezvous says why it timed out.
 */
import {
  InvokeCommand,
  LambdaClient,
  type ThrottleReason,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LocalRuntime } from '../../src/local/runtime';
import { launchWorkers } from '../../src/platforms/lambda';
import { rendezvous } from '../../src/session/rendezvous';
import { listWorkers } from '../../src/session/store';
import { openSession, startLocalTables, testPlan } from './local-dynamo';

const lambda = mockClient(LambdaClient);
const fast = { attempts: 4, baseMs: 5 };
const throttled = (reason: ThrottleReason) =>
  new TooManyRequestsException({
    message: 'Rate exceeded',
    Reason: reason,
    $metadata: { httpStatusCode: 429 },
  });
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalTables();
  process.env.METAQ_WORKER_FUNCTIONS = JSON.stringify({ duckdb: 'arn:aws:lambda:eu-central-1:1:function:w' });
});
afterAll(() => runtime.stop());
afterEach(() => lambda.reset());

describe('Method: launch, throttled', () => {
  it('backs off between attempts, each wait about twice the last', async () => {
    const at: number[] = [];
    lambda.on(InvokeCommand).callsFake(async () => {
      at.push(Date.now());
      if (at.length < 4) throw throttled('CallerRateLimitExceeded');
      return { StatusCode: 202, $metadata: { requestId: 'ok' } };
    });
    const plan = testPlan({ workers: 1, spares: 0 });
    const refs = await launchWorkers({ sessionId: plan.queryId }, 1, plan, 0, { attempts: 4, baseMs: 40 });
    expect(refs).toHaveLength(1);
    const waits = at.slice(1).map((time, i) => time - at[i]);
    // Jitter keeps each wait between half and all of 40, 80, 160 ms.
    expect(waits[0]).toBeGreaterThanOrEqual(19);
    expect(waits[2]).toBeGreaterThanOrEqual(79);
    expect(waits[2]).toBeGreaterThan(waits[0]);
  });

  it('ends in WorkerLaunchThrottled naming the concurrency to raise, the spares kept if the workers started', async () => {
    lambda.on(InvokeCommand).rejects(throttled('ReservedFunctionConcurrentInvocationLimitExceeded'));
    const plan = testPlan({ workers: 2, spares: 1 });
    const launching = launchWorkers({ sessionId: plan.queryId }, 3, plan, 0, fast);
    await expect(launching).rejects.toMatchObject({
      name: 'WorkerLaunchThrottled',
      message: expect.stringMatching(
        /^0 of 3 worker\(s\) started on lambda .*, the plan needs 2: still throttled after retrying with backoff \(TooManyRequestsException: Rate exceeded\)\. .*raise the account's Lambda concurrency quota$/,
      ),
    });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 3 * fast.attempts);
    expect((await listWorkers(plan.queryId)).map((worker) => worker.state)).toEqual([
      'stopped',
      'stopped',
      'stopped',
    ]);
  });

  it('a throttled spare alone is no failure', async () => {
    lambda.on(InvokeCommand).callsFake(async (input) => {
      if (String(input.Payload).includes('"index":1')) throw throttled('CallerRateLimitExceeded');
      return { StatusCode: 202, $metadata: { requestId: 'ok' } };
    });
    const plan = testPlan({ workers: 1, spares: 1 });
    const refs = await launchWorkers({ sessionId: plan.queryId }, 2, plan, 0, fast);
    expect(refs.map((ref) => ref.index)).toEqual([0]);
  });
});

describe('Method: rendezvous, when Lambda accepted the workers but has no concurrency to run them', () => {
  it('times out with RendezvousTimeout saying the concurrency may be used up', async () => {
    const plan = testPlan({ workers: 1, spares: 0, limits: { timeoutSeconds: 600, rendezvousSeconds: 1 } });
    await openSession(plan, 1);
    await expect(rendezvous(plan, { launchedAt: Date.now() - 2000, launched: 1 })).rejects.toMatchObject({
      name: 'RendezvousTimeout',
      message: expect.stringContaining(
        "on lambda, an accepted invocation waits while the account's or the worker function's concurrency is used up",
      ),
    });
  });
});
