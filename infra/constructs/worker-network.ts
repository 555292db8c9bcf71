/**
 * Where networked workers meet: a VPC without NAT (public subnets, free gateway endpoints for S3
 * and DynamoDB, so nothing bills while idle), a security group that admits only other workers, and
 * the ECS cluster. Built in the Workers construct's scope, so its resources keep their ids there.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface WorkerNetwork {
  vpc: ec2.Vpc;
  securityGroup: ec2.SecurityGroup;
  cluster: ecs.Cluster;
}

export function workerNetwork(scope: Construct, retention: logs.RetentionDays): WorkerNetwork {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [{ name: 'workers', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 20 }],
    gatewayEndpoints: {
      S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
    },
    flowLogs: {
      rejected: {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(
          new logs.LogGroup(scope, 'FlowLogs', { retention, removalPolicy: RemovalPolicy.DESTROY }),
        ),
        trafficType: ec2.FlowLogTrafficType.REJECT,
      },
    },
  });
  const securityGroup = new ec2.SecurityGroup(scope, 'WorkerGroup', {
    vpc: vpc,
    description: 'metaq workers: reachable only from other metaq workers (engine ports)',
    allowAllOutbound: true,
  });
  securityGroup.addIngressRule(securityGroup, ec2.Port.allTcp(), 'engine traffic between workers');
  const cluster = new ecs.Cluster(scope, 'Cluster', {
    vpc: vpc,
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
  });

  return { vpc, securityGroup, cluster };
}
