/** The stack with the reflector on: distributed engines' Lambda workers, the reflector service, their grants. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Reflector } from '../../infra/constructs/reflector';
import { type MetaqStack, reflectorFromContext } from '../../infra/stack';
import { WORKER_MEMORY_SIZES } from '../../src/plan/lambda-workers';
import { actionsOf, logicalId, statementsOf, synthStack } from './synth';

// Flink is not yet shown over the overlay (docs/overlay.md): it stays on ECS.
const distributed = ['spark', 'drill', 'trino'];
let stack: MetaqStack;
let template: Template;
let outdir: string;

beforeAll(() => {
  ({ stack, template, outdir } = synthStack({ reflector: true }));
});

const reflectorOf = () => stack.reflector as Reflector;

describe('Construct: Workers with the overlay', () => {
  it('has Lambda worker functions for the distributed engines, isolated, in every memory size', () => {
    for (const engine of distributed) {
      const functions = stack.workers.functions[engine];
      expect(Object.keys(functions ?? {}).map(Number)).toEqual([...WORKER_MEMORY_SIZES]);
      for (const fn of Object.values(functions)) {
        const resource = template.toJSON().Resources[logicalId(stack, fn)];
        expect(resource.Properties.Environment.Variables).toMatchObject({
          METAQ_NETWORK: 'isolated',
          METAQ_SESSIONS_TABLE: { Ref: logicalId(stack, stack.data.sessions) },
        });
      }
    }
    expect(stack.workers.functions.flink).toBeUndefined();
    // A single-process engine needs no overlay.
    for (const fn of Object.values(stack.workers.functions.duckdb)) {
      const resource = template.toJSON().Resources[logicalId(stack, fn)];
      expect(resource.Properties.Environment.Variables.METAQ_NETWORK).toBeUndefined();
    }
  });

  it('tells every handler the overlay is on, and lets Provision read the reflector and invoke Spark', () => {
    for (const fn of Object.values(stack.workflow.handlers)) {
      const resource = template.toJSON().Resources[logicalId(stack, fn)];
      expect(resource.Properties.Environment.Variables.METAQ_LAMBDA_OVERLAY).toBe('on');
    }
    const provision = statementsOf(
      template,
      logicalId(stack, stack.workflow.handlers.Provision.role as never),
    );
    const sessions = logicalId(stack, stack.data.sessions);
    expect(provision).toContainEqual(
      expect.objectContaining({ Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': [sessions, 'Arn'] } }),
    );
    const invoke = provision.find((statement) => statement.Action === 'lambda:InvokeFunction');
    expect(JSON.stringify(invoke?.Resource)).toContain(logicalId(stack, stack.workers.functions.spark[4096]));
  });
});

describe('Construct: Reflector', () => {
  it('is one ARM Fargate task of 0.25 vCPU and 0.5 GB, its port published, as an unprivileged user', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'reflector',
          User: 'node',
          PortMappings: [{ ContainerPort: 3478, Protocol: 'tcp' }],
          Environment: Match.arrayWith([{ Name: 'METAQ_REFLECTOR_PORT', Value: '3478' }]),
        }),
      ],
    });
  });

  it("runs always on, with a public IP in the workers' public subnets", () => {
    const subnets = stack.workers.vpc.publicSubnets.map((subnet) => ({
      Ref: logicalId(stack, subnet as never),
    }));
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 1,
      Cluster: { Ref: logicalId(stack, stack.workers.cluster) },
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'ENABLED',
          Subnets: subnets,
          SecurityGroups: [{ 'Fn::GetAtt': [logicalId(stack, reflectorOf().securityGroup), 'GroupId'] }],
        },
      },
    });
  });

  it('admits its one port from anywhere, and sends only HTTPS out', () => {
    const group = template.toJSON().Resources[logicalId(stack, reflectorOf().securityGroup)];
    expect(group.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 3478, ToPort: 3478 }),
    ]);
    expect(group.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  it('may write its item, describe its own task and read its network interface, nothing else', () => {
    const role = logicalId(stack, reflectorOf().taskDefinition.taskRole);
    const statements = statementsOf(template, role);
    expect(actionsOf(statements)).toEqual([
      'dynamodb:PutItem',
      'ec2:DescribeNetworkInterfaces',
      'ecs:DescribeTasks',
    ]);
    const sessions = logicalId(stack, stack.data.sessions);
    const cluster = logicalId(stack, stack.workers.cluster);
    expect(statements.find((s) => s.Action === 'dynamodb:PutItem')?.Resource).toEqual({
      'Fn::GetAtt': [sessions, 'Arn'],
    });
    const describe = statements.find((s) => s.Action === 'ecs:DescribeTasks');
    expect(JSON.stringify(describe?.Resource)).toContain(`:task/",{"Ref":"${cluster}"},"/*"`);
    expect(describe?.Condition).toEqual({ ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [cluster, 'Arn'] } } });
    expect(statements.find((s) => s.Action === 'ec2:DescribeNetworkInterfaces')?.Resource).toBe('*');
  });

  it('builds its image from images/reflector for arm64', () => {
    const assets = JSON.parse(readFileSync(path.join(outdir, 'Metaq.assets.json'), 'utf8'));
    const images = Object.values(assets.dockerImages) as {
      source: { dockerFile: string; platform: string };
    }[];
    expect(
      images.find((image) => image.source.dockerFile === 'images/reflector/Dockerfile')?.source.platform,
    ).toBe('linux/arm64');
  });

  it('leaves no unacknowledged cdk-nag finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} at ${resource.resourceLogicalId}`,
      ),
    );
    expect(findings).toEqual([]);
  });

  it('listens on the port it is given, and refuses one that is no port', () => {
    const scope = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-central-1' } });
    const vpc = new ec2.Vpc(scope, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }],
    });
    const props = {
      vpc,
      cluster: new ecs.Cluster(scope, 'Cluster', { vpc }),
      sessions: new dynamodb.TableV2(scope, 'Sessions', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      }),
    };
    new Reflector(scope, 'Reflector', { ...props, port: 4000 });
    Template.fromStack(scope).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ FromPort: 4000, ToPort: 4000 })],
    });
    expect(() => new Reflector(scope, 'Bad', { ...props, port: 70_000 })).toThrow(
      'reflector.port must be a whole number from 1 to 65535 (got 70000)',
    );
  });
});

describe('The reflector cdk deploy builds (metaq:reflector)', () => {
  it('is off unless asked', () => {
    expect(reflectorFromContext(undefined, undefined)).toBe(false);
    expect(reflectorFromContext('off', '4000')).toBe(false);
  });
  it('takes on, and a port', () => {
    expect(reflectorFromContext('on', undefined)).toBe(true);
    expect(reflectorFromContext(true, 4000)).toEqual({ port: 4000 });
  });
  it('refuses anything else, naming the setting', () => {
    expect(() => reflectorFromContext('yes please', undefined)).toThrow(
      'metaq:reflector: "yes please" is neither on nor off; give on to run distributed engines on Lambda',
    );
  });
});
