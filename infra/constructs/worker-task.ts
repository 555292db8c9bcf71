/**
 * A worker's Fargate task definition: the engine's worker image (the same as its Lambda worker's),
 * started as a plain process, as the image's unprivileged user, with the worker's grants.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ECS_WORKER_CONTAINER } from '../../src/platforms/ecs';
import { projectRoot } from './handler-function';

/** The user worker containers run as: made by every images/<engine>/Dockerfile. */
export const WORKER_USER = 'metaq';

export function workerTaskDefinition(
  scope: Construct,
  engine: string,
  image: ecrAssets.DockerImageAssetOptions,
  environment: Record<string, string>,
  access: iam.PolicyStatement[],
  retention: logs.RetentionDays,
): ecs.FargateTaskDefinition {
  const taskRole = new iam.Role(scope, `${engine}-task-role`, {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    description: `metaq ${engine} worker (Fargate task): its session's items and the query's data`,
  });
  for (const statement of access) taskRole.addToPolicy(statement);
  const definition = new ecs.FargateTaskDefinition(scope, `${engine}-task`, {
    cpu: 1024,
    memoryLimitMiB: 2048,
    taskRole,
    runtimePlatform: {
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
    },
  });
  definition.addContainer(ECS_WORKER_CONTAINER, {
    image: ecs.ContainerImage.fromAsset(projectRoot, image),
    // The same image as the Lambda worker, started as a plain process (see handlers/worker.ts).
    entryPoint: ['node', '/var/task/worker.js'],
    // The image's own unprivileged user (images/<engine>/Dockerfile), stated where a review sees it.
    user: WORKER_USER,
    environment,
    logging: ecs.LogDrivers.awsLogs({
      streamPrefix: engine,
      logGroup: new logs.LogGroup(scope, `${engine}-task-logs`, {
        retention,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    }),
  });
  return definition;
}
