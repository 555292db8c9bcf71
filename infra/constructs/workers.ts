/**
 * Where workers run: per engine image in images/, one worker Lambda function per memory size (for
 * engines that run on Lambda: the distributed ones too when the stack runs the overlay's reflector)
 * (asynchronous invocations, no retries) and one Fargate task definition, in a VPC without NAT
 * (public subnets, gateway endpoints for S3 and DynamoDB) so that nothing costs anything while idle.
 */
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { engineTraits } from '../../src/engines/registry';
import { WORKER_MEMORY_SIZES, workerTmpMb } from '../../src/plan/lambda-workers';
import { runsOn } from '../../src/plan/limits';
import type { EngineName } from '../../src/plan/types';
import { bucketCommit, bucketRead, tableAccess } from './access';
import { imageAsset, projectRoot } from './handler-function';
import { workerNetwork } from './worker-network';
import { workerTaskDefinition } from './worker-task';

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
  /**
   * The stack runs the overlay's reflector: distributed engines get Lambda worker functions too,
   * whose workers reach each other through the overlay (METAQ_NETWORK=isolated). @default false
   */
  readonly lambdaOverlay?: boolean;
}

export class Workers extends Construct {
  public readonly functions: Record<string, Record<number, lambda.DockerImageFunction>> = {};
  public readonly taskDefinitions: Record<string, ecs.FargateTaskDefinition> = {};
  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;
  public readonly securityGroup: ec2.SecurityGroup;
  /** What the handlers that launch and stop workers need to know (see src/platforms/). */
  public readonly launchEnvironment: Record<string, string>;
  /** Distributed engines have Lambda worker functions too (WorkersProps.lambdaOverlay). */
  public readonly lambdaOverlay: boolean;
  private readonly sessions: dynamodb.ITableV2;

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

    this.lambdaOverlay = props.lambdaOverlay ?? false;
    this.sessions = props.sessions;
    // A distributed engine's Lambda workers reach each other through the overlay, with the
    // reflector each invocation names (src/platforms/lambda.ts).
    const isolated = { ...environment, METAQ_NETWORK: 'isolated' };

    ({
      vpc: this.vpc,
      securityGroup: this.securityGroup,
      cluster: this.cluster,
    } = workerNetwork(this, retention));

    for (const engine of props.engines) {
      const image = imageAsset(`images/${engine}/Dockerfile`);
      this.taskDefinitions[engine] = workerTaskDefinition(
        this,
        engine,
        image,
        environment,
        access,
        retention,
      );
      // A Lambda cannot be reached: engines whose workers must reach each other run on ECS only,
      // unless the overlay carries their connections.
      const traits = engineTraits(engine);
      if (!runsOn(traits, 'lambda', this.lambdaOverlay)) continue;
      this.functions[engine] = {};
      for (const memorySize of WORKER_MEMORY_SIZES) {
        this.functions[engine][memorySize] = this.workerFunction(
          engine,
          memorySize,
          image,
          traits.distributed ? isolated : environment,
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
      // The optimizer sends distributed engines to Lambda only when this says the reflector runs.
      ...(this.lambdaOverlay && { METAQ_LAMBDA_OVERLAY: 'on' }),
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

  /**
   * Launch workers: invoke the worker functions, run the task definitions (and pass their roles);
   * with the overlay, read the reflector's item (src/platforms/reflector-item.ts).
   */
  launchStatements(): iam.PolicyStatement[] {
    const functions = Object.values(this.functions).flatMap((sizes) => Object.values(sizes));
    const definitions = Object.values(this.taskDefinitions);
    return [
      ...(this.lambdaOverlay ? [tableAccess(this.sessions, ['GetItem'])] : []),
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
