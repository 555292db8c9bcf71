/**
 * Every cdk-nag AwsSolutions finding metaq accepts, in one place, each with why. A finding names the
 * resource it is about the way cdk-nag prints it (`<LogicalId.Arn>`), so the ids are built from the
 * same values the policies use.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Reflector } from './constructs/reflector';
import type { MetaqStack } from './stack';

/** A value as cdk-nag prints it in a finding: tokens become `<LogicalId.Attribute>` or `<Ref>`. */
export function nagFormat(scope: IConstruct, value: string): string {
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const intrinsic = part as Record<string, unknown>;
    if ('Ref' in intrinsic) return `<${intrinsic.Ref}>`;
    if ('Fn::GetAtt' in intrinsic) return `<${(intrinsic['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    return JSON.stringify(part);
  };
  return Token.isUnresolved(value) ? render(Stack.of(scope).resolve(value)) : value;
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export function acknowledgeFindings(stack: MetaqStack, readBuckets: string[], writeBuckets: string[]): void {
  const { data, workers, workflow, api } = stack;
  acknowledge(
    data.accessLogs,
    'AwsSolutions-S1',
    'This bucket receives the results bucket access logs; logging it into itself would loop',
  );

  // Tables are read and results written under keys known only once a query runs.
  const objects = [...new Set([...readBuckets, ...writeBuckets])].map(
    (arn) => `AwsSolutions-IAM5[Resource::${nagFormat(stack, arn)}/*]`,
  );
  const writers = [
    ...Object.values(workers.functions).flatMap((sizes) => Object.values(sizes).map((fn) => fn.role ?? fn)),
    ...Object.values(workers.taskDefinitions).map((td) => td.taskRole),
    workflow.handlers.Collect.role ?? workflow.handlers.Collect,
  ];
  for (const writer of writers) {
    for (const id of objects) {
      acknowledge(
        writer,
        id,
        'Workers read the tables a query names (any key under the data buckets) and write each result, as Collect its manifest, under keys named by the queryId, known only at run time; the object actions are only GetObject, PutObject and AbortMultipartUpload',
      );
    }
  }

  const tasks = `AwsSolutions-IAM5[Resource::${nagFormat(stack, workers.stopStatements()[0].resources[0])}]`;
  for (const stopper of [workflow.handlers.Rendezvous, workflow.handlers.Teardown, workflow.teardownOnStop]) {
    acknowledge(
      stopper.role ?? stopper,
      tasks,
      'StopTask needs the ARN of each worker task, which exists only once RunTask started it; the statement is limited to tasks of the metaq cluster (also by the ecs:cluster condition)',
    );
  }

  for (const definition of Object.values(workers.taskDefinitions)) {
    acknowledge(
      definition.obtainExecutionRole(),
      'AwsSolutions-IAM5[Resource::*]',
      'The execution role pulls the worker image: ecr:GetAuthorizationToken has no resource-level permissions (the pull itself is limited to the image repository)',
    );
    acknowledge(
      definition,
      'AwsSolutions-ECS2',
      'The environment holds only the sessions table name, the engines folder and polling settings, no secrets; the per-worker values come as RunTask overrides',
    );
  }

  if (stack.reflector) acknowledgeReflector(stack, stack.reflector);

  acknowledge(
    workflow.stateMachine.role,
    'AwsSolutions-IAM5[Resource::*]',
    'Logging to CloudWatch Logs (logs:CreateLogDelivery and related) and X-Ray tracing (xray:PutTraceSegments and related) have no resource-level permissions; Lambda invocation is limited to the seven Task functions',
  );

  const handlerFunctions = [...Object.values(workflow.handlers), workflow.teardownOnStop, api.recordFunction];
  for (const fn of handlerFunctions) {
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Pinned to Node.js 22 on purpose: the worker image is built on public.ecr.aws/lambda/nodejs:22 and the bundles target node22, so handlers and workers run the same Node.js; move them together',
    );
  }

  const restApi = api.restApi;
  acknowledge(
    restApi,
    'AwsSolutions-APIG3',
    'Every method requires IAM-signed requests and the stage is throttled; a WAF web ACL bills every hour, while metaq costs nothing when idle',
  );
  acknowledge(
    restApi,
    'AwsSolutions-COG4',
    'The API authorizes with IAM (SigV4), the same principals and policies as the AWS CLI and SDK; there is no Cognito user pool',
  );
  acknowledge(
    restApi,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    "API Gateway's account-level logging role: AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for it, and execution logging (APIG6) needs it",
  );
}

/** The reflector's findings: it must be reachable from anywhere, and learn its own public address. */
function acknowledgeReflector(stack: MetaqStack, reflector: Reflector): void {
  const role = reflector.taskDefinition.taskRole;
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${nagFormat(stack, reflector.clusterTasks)}]`,
    "DescribeTasks of the reflector's own task, whose ARN exists only once ECS started it; limited to tasks of the metaq cluster (also by the ecs:cluster condition)",
  );
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    "ec2:DescribeNetworkInterfaces has no resource-level permissions; the reflector reads only its own task's interface, for its public IP",
  );
  acknowledge(
    reflector.taskDefinition.obtainExecutionRole(),
    'AwsSolutions-IAM5[Resource::*]',
    'The execution role pulls the reflector image: ecr:GetAuthorizationToken has no resource-level permissions (the pull itself is limited to the image repository)',
  );
  acknowledge(
    reflector.taskDefinition,
    'AwsSolutions-ECS2',
    "The environment holds only the sessions table's name and the reflector's port, no secrets",
  );
  acknowledge(
    reflector.securityGroup,
    'AwsSolutions-EC23',
    "Workers on Lambda connect from NAT addresses AWS does not publish, so the reflector's one port is open to any IPv4 address; it speaks only its observe/relay protocol and holds no data",
  );
}
