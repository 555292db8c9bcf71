/**
 * The overlay's reflector for workers on Lambda (docs/overlay.md): one always-on Fargate task
 * (ARM, 0.25 vCPU, 0.5 GB, ≈ $11 a month with its public IPv4 address) in a public subnet of the
 * workers' VPC. It has to be a TCP server on a public address of its own: it tells each worker the
 * address and port its NAT gives the worker's connection, and relays pairs that cannot punch. It
 * writes its address into the sessions table when it starts (handlers/reflector.ts), so no Elastic
 * IP is needed. Opt-in: the stack builds it only when asked (MetaqStackProps.reflector).
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REFLECTOR_PORT } from '../../src/config';
import { tableAccess } from './access';
import { imageAsset, projectRoot } from './handler-function';

/** The node image's own unprivileged user (images/reflector/Dockerfile). */
export const REFLECTOR_USER = 'node';

export interface ReflectorProps {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  /** Where it publishes its address (src/platforms/reflector-item.ts). */
  readonly sessions: dynamodb.ITableV2;
  /** @default 3478 (REFLECTOR_PORT) */
  readonly port?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export class Reflector extends Construct {
  public readonly port: number;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly service: ecs.FargateService;
  /** The ARNs of the cluster's tasks, its own among them: what it may describe. */
  public readonly clusterTasks: string;

  constructor(scope: Construct, id: string, props: ReflectorProps) {
    super(scope, id);
    this.port = props.port ?? REFLECTOR_PORT;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65_535)
      throw new Error(`reflector.port must be a whole number from 1 to 65535 (got ${this.port})`);

    const stack = Stack.of(this);
    this.clusterTasks = `arn:${stack.partition}:ecs:${stack.region}:${stack.account}:task/${props.cluster.clusterName}/*`;
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: 256,
      memoryLimitMiB: 512,
      taskRole: this.taskRole(props),
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addContainer('reflector', {
      image: ecs.ContainerImage.fromAsset(projectRoot, imageAsset('images/reflector/Dockerfile')),
      user: REFLECTOR_USER,
      environment: {
        METAQ_SESSIONS_TABLE: props.sessions.tableName,
        METAQ_REFLECTOR_PORT: String(this.port),
      },
      portMappings: [{ containerPort: this.port, protocol: ecs.Protocol.TCP }],
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'reflector',
        logGroup: new logs.LogGroup(this, 'Logs', {
          retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      }),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'Group', {
      vpc: props.vpc,
      description: 'metaq reflector: workers on Lambda connect from any address; out only to AWS APIs',
      allowAllOutbound: false,
    });
    // Lambda functions outside a VPC leave through NATs whose addresses are not published, so the
    // reflector cannot know its clients in advance: it answers only its own small protocol.
    this.securityGroup.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(this.port),
      'workers on Lambda: observe and relay',
    );
    // DynamoDB, ECS, EC2, CloudWatch Logs and the image pull are all HTTPS; relayed and observed
    // connections are inbound, so their replies need no rule.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs and the image pull');

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 1,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [this.securityGroup],
      // The new task starts before the old one stops; the newer one's address wins the item.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      // A new task that cannot start (say, it cannot learn its address) gives way to the old one.
      circuitBreaker: { enable: true, rollback: true },
    });
  }

  /** Only what it needs: its item, and its own task's network interface to learn its public IP. */
  private taskRole(props: ReflectorProps): iam.Role {
    const role = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'metaq reflector (Fargate task): publishes its address in the sessions table',
    });
    role.addToPolicy(tableAccess(props.sessions, ['PutItem']));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTasks'],
        resources: [this.clusterTasks],
        conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] }),
    );
    return role;
  }
}
