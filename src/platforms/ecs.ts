/**
 * The ecs platform: each worker is one Fargate task running the engine's worker image, for engines
 * whose workers must reach each other over the network. RunTask launches, StopTask terminates; a
 * worker registers its task's private IP at rendezvous (see ecs-address.ts).
 */
import { createHash } from 'node:crypto';
import { ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { retryThrottled, type ThrottleRetry } from '../aws/throttle';
import { requiredSetting, settings } from '../config';
import type { Plan } from '../plan/types';
import { describeError, WorkerLaunchFailed, WorkerStopFailed } from './errors';
import { launchEach } from './launch-each';
import { listSetting, perEngine, workerDeadline } from './settings';
import type { Platform, SessionRef, WorkerRef } from './types';

/** The container of every worker task definition; the CDK stack uses the same name. */
export const ECS_WORKER_CONTAINER = 'worker';

let client: ECSClient | undefined;
const ecs = () => {
  client ??= new ECSClient({});
  return client;
};

export interface EcsSettings {
  cluster: string;
  taskDefinition: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}

export function ecsSettings(plan: Plan, env = process.env): EcsSettings {
  const hint = 'the CDK stack sets it for the handlers that launch workers';
  return {
    cluster: requiredSetting('METAQ_ECS_CLUSTER', hint, env),
    taskDefinition: perEngine('METAQ_ECS_TASK_DEFINITIONS', plan.engine, 'task definition ARN', env),
    subnets: listSetting('METAQ_ECS_SUBNETS', hint, env),
    securityGroups: listSetting('METAQ_ECS_SECURITY_GROUPS', hint, env),
    assignPublicIp: settings(env).ecsAssignPublicIp ? 'ENABLED' : 'DISABLED',
  };
}

/** Fargate's CPU units and the memory (MB) each allows: the smallest size that has `memoryMb`. */
const fargateSizes: { cpu: number; min: number; max: number; step: number }[] = [
  { cpu: 256, min: 512, max: 2048, step: 512 },
  { cpu: 512, min: 1024, max: 4096, step: 1024 },
  { cpu: 1024, min: 2048, max: 8192, step: 1024 },
  { cpu: 2048, min: 4096, max: 16384, step: 1024 },
  { cpu: 4096, min: 8192, max: 30720, step: 1024 },
  { cpu: 8192, min: 16384, max: 61440, step: 4096 },
  { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];

export function fargateSize(memoryMb: number): { cpu: string; memory: string } {
  for (const size of fargateSizes) {
    const memory = Math.max(size.min, Math.ceil(memoryMb / size.step) * size.step);
    if (memory <= size.max) return { cpu: String(size.cpu), memory: String(memory) };
  }
  throw new WorkerLaunchFailed(`no Fargate size has ${memoryMb} MB: choose at most 122880 MB`);
}

/** RunTask's idempotency token: the same worker is never started twice by a retried call. */
const clientToken = (sessionId: string, index: number) =>
  createHash('sha256').update(`${sessionId}#${index}`).digest('hex').slice(0, 64);

export async function launchTasks(
  session: SessionRef,
  count: number,
  plan: Plan,
  first = 0,
  retry?: ThrottleRetry,
): Promise<WorkerRef[]> {
  const config = ecsSettings(plan);
  const now = Date.now();
  const deadline = workerDeadline(plan.limits, now);
  const size = fargateSize(plan.memoryMb);
  const what = `worker task(s) started on ecs (cluster ${config.cluster})`;
  const hint = "Check the cluster's subnets and the account's Fargate quota";
  const throttledHint =
    "The account's RunTask rate or Fargate vCPU quota is used up: retry later, or raise the quota (Service Quotas, Fargate On-Demand vCPU)";
  return launchEach(session, plan, { count, first, what, hint, throttledHint }, async (index) => {
    const out = await retryThrottled(
      () =>
        ecs().send(
          new RunTaskCommand({
            cluster: config.cluster,
            taskDefinition: config.taskDefinition,
            launchType: 'FARGATE',
            count: 1,
            clientToken: clientToken(session.sessionId, index),
            startedBy: session.sessionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128),
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: config.subnets,
                securityGroups: config.securityGroups,
                assignPublicIp: config.assignPublicIp,
              },
            },
            overrides: {
              ...size,
              containerOverrides: [
                {
                  name: ECS_WORKER_CONTAINER,
                  environment: [
                    { name: 'METAQ_SESSION_ID', value: session.sessionId },
                    { name: 'METAQ_WORKER_INDEX', value: String(index) },
                    { name: 'METAQ_WORKER_DEADLINE', value: String(deadline) },
                  ],
                },
              ],
            },
          }),
        ),
      retry,
    );
    const taskArn = out.tasks?.[0]?.taskArn;
    if (!taskArn) {
      const failure = out.failures?.[0];
      throw new Error(
        `RunTask started no task: ${failure?.reason ?? 'no reason given'} ${failure?.detail ?? ''}`,
      );
    }
    return { cluster: config.cluster, taskArn };
  });
}

/** A task that is already gone needs no stopping. */
function isGone(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'InvalidParameterException' && /not found/i.test(error.message)
  );
}

export async function stopTasks(workers: WorkerRef[], retry?: ThrottleRetry): Promise<void> {
  const failures: string[] = [];
  for (const worker of workers) {
    const { cluster, taskArn } = worker.handle ?? {};
    if (typeof taskArn !== 'string') continue;
    try {
      await retryThrottled(
        () =>
          ecs().send(
            new StopTaskCommand({
              cluster: String(cluster),
              task: taskArn,
              reason: 'metaq: the session no longer needs this worker',
            }),
          ),
        retry,
      );
    } catch (error) {
      if (!isGone(error)) failures.push(`worker ${worker.index} (${taskArn}): ${describeError(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new WorkerStopFailed(`could not stop ${failures.length} task(s): ${failures.join('; ')}`);
  }
}

export const ecsPlatform: Platform = {
  launch: (session, count, plan, first) => launchTasks(session, count, plan, first),
  terminate: (workers) => stopTasks(workers),
};
