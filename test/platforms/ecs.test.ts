import { ECSClient, InvalidParameterException, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LocalRuntime } from '../../src/local/runtime';
import { ECS_WORKER_CONTAINER, fargateSize, launchTasks, stopTasks } from '../../src/platforms/ecs';
import { platformFor } from '../../src/platforms/registry';
import { getWorker, listWorkers } from '../../src/session/store';
import { startLocalTables, testPlan } from './local-dynamo';

const ecs = mockClient(ECSClient);
const fast = { attempts: 4, baseMs: 1 };
const cluster = 'arn:aws:ecs:eu-central-1:1:cluster/metaq';
const taskDefinition = 'arn:aws:ecs:eu-central-1:1:task-definition/metaq-duckdb:3';
let runtime: LocalRuntime;
let tasks = 0;

beforeAll(async () => {
  runtime = await startLocalTables();
  Object.assign(process.env, {
    METAQ_ECS_CLUSTER: cluster,
    METAQ_ECS_TASK_DEFINITIONS: JSON.stringify({ duckdb: taskDefinition }),
    METAQ_ECS_SUBNETS: 'subnet-a, subnet-b',
    METAQ_ECS_SECURITY_GROUPS: 'sg-1',
    METAQ_ECS_ASSIGN_PUBLIC_IP: 'ENABLED',
  });
});
afterAll(() => runtime.stop());
afterEach(() => ecs.reset());

/** ECS has no modelled class for it: the SDK throws a plain error of this name. */
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });
const started = () => ({
  tasks: [{ taskArn: `arn:aws:ecs:eu-central-1:1:task/metaq/t${++tasks}` }],
  failures: [],
});

describe('Method: fargateSize', () => {
  it.each([
    [512, '256', '512'],
    [1024, '256', '1024'],
    [3000, '512', '3072'],
    [4096, '512', '4096'],
    [8192, '1024', '8192'],
    [10240, '2048', '10240'],
    [20000, '4096', '20480'],
    [40000, '8192', '40960'],
  ])('gives %i MB the smallest Fargate size: %s CPU units, %s MB', (memoryMb, cpu, memory) => {
    expect(fargateSize(memoryMb)).toEqual({ cpu, memory });
  });
});

describe('Method: launch', () => {
  it('runs one Fargate task per worker with its session, index and deadline', async () => {
    ecs.on(RunTaskCommand).callsFake(async () => started());
    const plan = testPlan({ platform: 'ecs', workers: 2, spares: 0, memoryMb: 4096 });
    const platform = await platformFor('ecs');
    const refs = await platform.launch({ sessionId: plan.queryId }, 2, plan);

    expect(ecs).toHaveReceivedCommandTimes(RunTaskCommand, 2);
    expect(ecs).toHaveReceivedCommandWith(RunTaskCommand, {
      cluster,
      taskDefinition,
      launchType: 'FARGATE',
      count: 1,
      startedBy: plan.queryId,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-a', 'subnet-b'],
          securityGroups: ['sg-1'],
          assignPublicIp: 'ENABLED',
        },
      },
    });
    // The two tasks are launched concurrently: the calls come in either order.
    const inputs = ecs
      .commandCalls(RunTaskCommand)
      .map((call) => call.args[0].input)
      .sort((a, b) => workerIndexOf(a) - workerIndexOf(b));
    expect(inputs[0].overrides).toMatchObject({
      cpu: '512',
      memory: '4096',
      containerOverrides: [
        {
          name: ECS_WORKER_CONTAINER,
          environment: [
            { name: 'METAQ_SESSION_ID', value: plan.queryId },
            { name: 'METAQ_WORKER_INDEX', value: '0' },
            { name: 'METAQ_WORKER_DEADLINE', value: expect.stringMatching(/^\d+$/) },
          ],
        },
      ],
    });
    // A retried RunTask with the same token does not start a second task for the same worker.
    expect(inputs[0].clientToken).toMatch(/^[0-9a-f]{64}$/);
    expect(inputs[0].clientToken).not.toBe(inputs[1].clientToken);
    expect(refs.map((ref) => ref.handle?.taskArn)).toEqual([
      expect.stringContaining(':task/'),
      expect.stringContaining(':task/'),
    ]);
    expect((await getWorker(plan.queryId, 1))?.handle).toEqual({ cluster, taskArn: refs[1].handle?.taskArn });
  });

  it('retries a throttled RunTask with the same idempotency token', async () => {
    ecs
      .on(RunTaskCommand)
      .rejectsOnce(throttled())
      .callsFake(async () => started());
    const plan = testPlan({ platform: 'ecs', workers: 1, spares: 0 });
    await launchTasks({ sessionId: plan.queryId }, 1, plan, 0, fast);
    const tokens = ecs.commandCalls(RunTaskCommand).map((call) => call.args[0].input.clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('reads the failures RunTask returns without throwing, and marks that worker stopped', async () => {
    ecs
      .on(RunTaskCommand)
      .resolvesOnce({ tasks: [], failures: [{ reason: 'Capacity is unavailable at this time', arn: 'x' }] })
      .callsFake(async () => started());
    const plan = testPlan({ platform: 'ecs', workers: 1, spares: 1 });
    const refs = await launchTasks({ sessionId: plan.queryId }, 2, plan, 0, fast);
    expect(refs).toHaveLength(1);
    const states = (await listWorkers(plan.queryId)).map((w) => w.state).sort();
    expect(states).toEqual(['launched', 'stopped']);
  });

  it('fails with WorkerLaunchFailed naming the reason when too few start', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: 'RESOURCE:ENI' }] });
    const plan = testPlan({ platform: 'ecs', workers: 2, spares: 0 });
    await expect(launchTasks({ sessionId: plan.queryId }, 2, plan, 0, fast)).rejects.toMatchObject({
      name: 'WorkerLaunchFailed',
      message: expect.stringContaining('0 of 2 worker task(s) started on ecs'),
    });
    await expect(launchTasks({ sessionId: plan.queryId }, 2, plan, 0, fast)).rejects.toThrow('RESOURCE:ENI');
  });

  it('names a missing setting', async () => {
    const saved = process.env.METAQ_ECS_SUBNETS;
    delete process.env.METAQ_ECS_SUBNETS;
    try {
      const plan = testPlan({ platform: 'ecs' });
      await expect(launchTasks({ sessionId: plan.queryId }, 1, plan)).rejects.toThrow(
        'environment variable METAQ_ECS_SUBNETS is not set',
      );
      expect(ecs).toHaveReceivedCommandTimes(RunTaskCommand, 0);
    } finally {
      process.env.METAQ_ECS_SUBNETS = saved;
    }
  });
});

describe('Method: terminate', () => {
  const refs = [
    { index: 0, handle: { cluster, taskArn: 'arn:task/0' } },
    { index: 1, handle: { cluster, taskArn: 'arn:task/1' } },
    { index: 2 },
  ];

  it('stops every task it has a handle for', async () => {
    ecs.on(StopTaskCommand).resolves({});
    await stopTasks(refs, fast);
    expect(ecs).toHaveReceivedCommandTimes(StopTaskCommand, 2);
    expect(ecs).toHaveReceivedNthSpecificCommandWith(1, StopTaskCommand, {
      cluster,
      task: 'arn:task/0',
      reason: expect.any(String),
    });
    expect(ecs).toHaveReceivedNthSpecificCommandWith(2, StopTaskCommand, {
      cluster,
      task: 'arn:task/1',
      reason: expect.any(String),
    });
  });

  it('is idempotent: a task that is gone needs no stopping', async () => {
    ecs
      .on(StopTaskCommand)
      .rejects(
        new InvalidParameterException({ message: 'The referenced task was not found.', $metadata: {} }),
      );
    await expect(stopTasks(refs, fast)).resolves.toBeUndefined();
  });

  it('retries throttling, tries every task, then reports those it could not stop', async () => {
    ecs
      .on(StopTaskCommand)
      .rejectsOnce(throttled())
      .resolvesOnce({})
      .rejects(
        Object.assign(new Error('User is not authorized to perform: ecs:StopTask'), {
          name: 'AccessDeniedException',
        }),
      );
    await expect(stopTasks(refs, fast)).rejects.toMatchObject({
      name: 'WorkerStopFailed',
      message:
        'could not stop 1 task(s): worker 1 (arn:task/1): AccessDeniedException: User is not authorized to perform: ecs:StopTask',
    });
    expect(ecs).toHaveReceivedCommandTimes(StopTaskCommand, 3);
  });
});

function workerIndexOf(input: {
  overrides?: { containerOverrides?: { environment?: { name?: string; value?: string }[] }[] };
}) {
  const environment = input.overrides?.containerOverrides?.[0]?.environment ?? [];
  return Number(environment.find((entry) => entry.name === 'METAQ_WORKER_INDEX')?.value);
}
