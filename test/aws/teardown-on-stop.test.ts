import { ECSClient, StopTaskCommand } from '@aws-sdk/client-ecs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { type ExecutionStatusChange, handler } from '../../handlers/teardown-on-stop';
import { getRecord, openRecord } from '../../src/history/store';
import type { LocalRuntime } from '../../src/local/runtime';
import type { Plan } from '../../src/plan/types';
import { runAgent } from '../../src/session/agent';
import { getSession, listWorkers, setHandle } from '../../src/session/store';
import { openSession, startLocalTables, testPlan } from '../platforms/local-dynamo';

const ecs = mockClient(ECSClient);
const lambda = mockClient(LambdaClient);
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalTables();
});
afterAll(() => runtime.stop());
afterEach(() => {
  ecs.reset();
  lambda.reset();
});

function statusChange(
  plan: Plan,
  status: 'ABORTED' | 'TIMED_OUT' | 'FAILED',
  error?: string,
  cause?: string,
) {
  return {
    version: '0',
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    detail: {
      executionArn: `arn:aws:states:eu-central-1:1:execution:metaq-query:${plan.queryId}`,
      stateMachineArn: 'arn:aws:states:eu-central-1:1:stateMachine:metaq-query',
      name: plan.queryId,
      status,
      startDate: Date.now() - 5000,
      stopDate: Date.now(),
      error: error ?? null,
      cause: cause ?? null,
    },
  } as ExecutionStatusChange;
}

/** A worker agent as the Lambda worker runs it, in this process: it registers, then polls its item. */
function startAgent(plan: Plan, index: number): Promise<string> {
  return runAgent({
    sessionId: plan.queryId,
    index,
    deadline: Date.now() + 60_000,
    address: '127.0.0.1',
    workDir: '/tmp',
    enginesDir: '/nowhere',
    startTimeoutMs: 10_000,
    s3: { region: 'us-east-1', pathStyle: true },
    faults: {},
    pollMs: 20,
    heartbeatMs: 100,
    maxFailures: 40,
    log: () => undefined,
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Handler: teardown-on-stop', () => {
  it('stops every Lambda worker of an ABORTED execution through the session table', async () => {
    const plan = testPlan({ platform: 'lambda', workers: 2, spares: 1 });
    await openRecord(plan.queryId, { sql: plan.sql }, new Date());
    await openSession(plan, 3);
    for (const index of [0, 1, 2]) {
      await setHandle(plan.queryId, index, {
        sessionId: plan.queryId,
        functionName: 'w',
        requestId: `r${index}`,
      });
    }
    // Workers 0 and 1 are running; worker 2 was launched but never started (still queued in Lambda).
    const agents = [startAgent(plan, 0), startAgent(plan, 1)];
    await until(
      async () => (await listWorkers(plan.queryId)).filter((w) => w.state === 'ready').length === 2,
    );

    const outcome = await handler(statusChange(plan, 'ABORTED'));

    expect(outcome).toMatchObject({ queryId: plan.queryId, action: 'torn down' });
    await expect(Promise.all(agents)).resolves.toEqual(['stopped', 'stopped']);
    expect((await listWorkers(plan.queryId)).map((w) => w.state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect((await getSession(plan.queryId))?.status).toBe('closed');
    const record = await getRecord(plan.queryId);
    expect(record).toMatchObject({
      status: 'ABORTED',
      error: { name: 'ExecutionAborted', message: 'the execution was stopped before its Teardown state ran' },
      workers: { launched: 3, admitted: 0, dismissed: 0, failed: 1 },
    });
    expect(record?.releasedAt).toEqual(expect.any(String));
    // A Lambda invocation cannot be killed: nothing but the table was touched.
    expect(lambda.calls()).toHaveLength(0);
  });

  it('stops every ECS task of a TIMED_OUT execution', async () => {
    ecs.on(StopTaskCommand).resolves({});
    const plan = testPlan({ platform: 'ecs', workers: 2, spares: 0 });
    await openRecord(plan.queryId, { sql: plan.sql }, new Date());
    await openSession(plan, 2);
    for (const index of [0, 1])
      await setHandle(plan.queryId, index, { cluster: 'c', taskArn: `arn:task/${index}` });

    await handler(statusChange(plan, 'TIMED_OUT'));

    expect(ecs).toHaveReceivedCommandTimes(StopTaskCommand, 2);
    expect(ecs).toHaveReceivedCommandWith(StopTaskCommand, { cluster: 'c', task: 'arn:task/0' });
    expect(ecs).toHaveReceivedCommandWith(StopTaskCommand, { cluster: 'c', task: 'arn:task/1' });
    expect((await getRecord(plan.queryId))?.error?.name).toBe('ExecutionTimedOut');
  });

  it('leaves a session alone that its Teardown state already released', async () => {
    ecs.on(StopTaskCommand).resolves({});
    const plan = testPlan({ platform: 'ecs', workers: 1, spares: 0 });
    await openRecord(plan.queryId, { sql: plan.sql }, new Date());
    await openSession(plan, 1);
    await setHandle(plan.queryId, 0, { cluster: 'c', taskArn: 'arn:task/0' });
    await handler(statusChange(plan, 'FAILED', 'QueryFailed', 'duckdb: no such column'));
    expect((await getRecord(plan.queryId))?.error).toEqual({
      name: 'QueryFailed',
      message: 'duckdb: no such column',
    });
    ecs.reset();

    // The Catch → Teardown → Failed path also ends in FAILED: the second event finds it released.
    const again = await handler(statusChange(plan, 'FAILED', 'QueryFailed', 'duckdb: no such column'));
    expect(again).toEqual({ queryId: plan.queryId, action: 'released' });
    expect(ecs).toHaveReceivedCommandTimes(StopTaskCommand, 0);
  });

  it('has nothing to do for an execution stopped before Optimize', async () => {
    const plan = testPlan();
    await expect(handler(statusChange(plan, 'ABORTED'))).resolves.toEqual({
      queryId: plan.queryId,
      action: 'not started',
    });
  });
});
