/**
 * Where workers run: per engine image in images/, one worker Lambda function per memory size (for
 * engines that run on Lambda)
 * (asynchronous invocations, no retries) and one Fargate task definition, in a VPC without NAT
 * (public subnets, gateway endpoints for S3 and DynamoDB) so that nothing costs anything while idle.
 */
import { Duration, IgnoreMode, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { engineTraits } from '../../src/engines/registry';
import type { EngineName } from '../../src/plan/types';
import { bucketCommit, bucketRead, tableAccess } from './access';
import { projectRoot } from './handler-function';
import { workerNetwork } from './worker-network';
import { workerTaskDefinition } from './worker-task';

/** Lambda memory sizes a worker function exists in; a plan gets the smallest that fits it. */
export const WORKER_MEMORY_SIZES = [1024, 2048, 4096, 8192, 10240] as const;

/**
 * A Lambda worker's /tmp: twice its memory (DuckDB spills there past its memory limit, and the
 * engine's own files sit beside), within Lambda's 512 MB to 10,240 MB.
 */
export function workerTmpMb(memoryMb: number): number {
  return Math.min(10_240, Math.max(512, 2 * memoryMb));
}
export const ENGINES_DIR = '/opt/metaq/engines';

export interface WorkersProps {
  /** Engines with an image folder `images/<engine>/Dockerfile`. */
  readonly engines: readonly EngineName[];
  readonly sessions: dynamodb.ITableV2;
  /** Buckets (ARNs) the workers read tables from. */
  readonly readBuckets: string[];
  /** Buckets (ARNs) the workers write results to. */
  readonly writeBuckets: string[];
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export class Workers extends Construct {
  public readonly functions: Record<string, Record<number, lambda.DockerImageFunction>> = {};
  public readonly taskDefinitions: Record<string, ecs.FargateTaskDefinition> = {};
  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;
  public readonly securityGroup: ec2.SecurityGroup;
  /** What the handlers that launch and stop workers need to know (see src/platforms/). */
  public readonly launchEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    if (props.engines.length === 0)
      throw new Error('Workers: give at least one engine with an image in images/');
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const environment = {
      METAQ_SESSIONS_TABLE: props.sessions.tableName,
      METAQ_ENGINES_DIR: ENGINES_DIR,
      METAQ_POLL_MS: '100',
      HOME: '/tmp',
    };
    const access = [
      tableAccess(props.sessions, ['GetItem', 'UpdateItem']),
      // Engines read back what they write (Drill lists its output and reads the preview from it;
      // Spark lists its part files), schedules' output buckets included.
      ...bucketRead([...new Set([...props.readBuckets, ...props.writeBuckets])]),
      ...bucketCommit(props.writeBuckets),
    ];

    ({
      vpc: this.vpc,
      securityGroup: this.securityGroup,
      cluster: this.cluster,
    } = workerNetwork(this, retention));

    for (const engine of props.engines) {
      const image = {
        file: `images/${engine}/Dockerfile`,
        platform: ecrAssets.Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
        // The image needs the worker's source and the lock file, nothing else of the repository.
        exclude: [
          '*',
          '!src',
          '!handlers',
          '!images',
          '!package.json',
          '!package-lock.json',
          '!tsconfig.json',
        ],
      };
      this.taskDefinitions[engine] = workerTaskDefinition(
        this,
        engine,
        image,
        environment,
        access,
        retention,
      );
      // Engines whose workers must reach each other run on ECS only: a Lambda cannot be reached.
      if (!engineTraits(engine).platforms.includes('lambda')) continue;
      this.functions[engine] = {};
      for (const memorySize of WORKER_MEMORY_SIZES) {
        this.functions[engine][memorySize] = this.workerFunction(
          engine,
          memorySize,
          image,
          environment,
          access,
          retention,
        );
      }
    }

    const stack = Stack.of(this);
    this.launchEnvironment = {
      METAQ_WORKER_FUNCTIONS: stack.toJsonString(
        Object.fromEntries(
          Object.entries(this.functions).map(([engine, sizes]) => [
            engine,
            Object.fromEntries(Object.entries(sizes).map(([memory, fn]) => [memory, fn.functionArn])),
          ]),
        ),
      ),
      METAQ_ECS_CLUSTER: this.cluster.clusterArn,
      METAQ_ECS_TASK_DEFINITIONS: stack.toJsonString(
        Object.fromEntries(
          Object.entries(this.taskDefinitions).map(([engine, td]) => [engine, td.taskDefinitionArn]),
        ),
      ),
      METAQ_ECS_SUBNETS: this.vpc.publicSubnets.map((subnet) => subnet.subnetId).join(','),
      METAQ_ECS_SECURITY_GROUPS: this.securityGroup.securityGroupId,
      METAQ_ECS_ASSIGN_PUBLIC_IP: 'ENABLED',
    };
  }

  private workerFunction(
    engine: string,
    memorySize: number,
    image: ecrAssets.DockerImageAssetOptions,
    environment: Record<string, string>,
    access: iam.PolicyStatement[],
    retention: logs.RetentionDays,
  ): lambda.DockerImageFunction {
    const id = `${engine}-${memorySize}`;
    const logGroup = new logs.LogGroup(this, `${id}-logs`, {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, `${id}-role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `metaq ${engine} worker (${memorySize} MB on Lambda): its session's items and the query's data`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    for (const statement of access) role.addToPolicy(statement);
    return new lambda.DockerImageFunction(this, id, {
      description: `metaq ${engine} worker, ${memorySize} MB`,
      code: lambda.DockerImageCode.fromImageAsset(projectRoot, image),
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      ephemeralStorageSize: Size.mebibytes(workerTmpMb(memorySize)),
      timeout: Duration.minutes(15),
      // A worker is started once: a retried invocation would be a worker nobody waits for.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment,
    });
  }

  /** Launch workers: invoke the worker functions, run the task definitions (and pass their roles). */
  launchStatements(): iam.PolicyStatement[] {
    const functions = Object.values(this.functions).flatMap((sizes) => Object.values(sizes));
    const definitions = Object.values(this.taskDefinitions);
    return [
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: functions.map((fn) => fn.functionArn),
      }),
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: definitions.map((td) => td.taskDefinitionArn),
        conditions: { ArnEquals: { 'ecs:cluster': this.cluster.clusterArn } },
      }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: definitions.flatMap((td) => [td.taskRole.roleArn, td.obtainExecutionRole().roleArn]),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    ];
  }

  /** Stop workers: StopTask on this cluster's tasks (Lambda workers stop through the session table). */
  stopStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['ecs:StopTask'],
        resources: [
          `arn:${Stack.of(this).partition}:ecs:${Stack.of(this).region}:${Stack.of(this).account}:task/${this.cluster.clusterName}/*`,
        ],
        conditions: { ArnEquals: { 'ecs:cluster': this.cluster.clusterArn } },
      }),
    ];
  }
}
