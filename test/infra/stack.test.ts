import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { startExecutionTemplate } from '../../infra/constructs/api';
import { enginesFromContext, enginesWithImages, type MetaqStack } from '../../infra/stack';
import { WORKER_MEMORY_SIZES, workerTmpMb } from '../../src/plan/lambda-workers';
import { synthStack } from './synth';

let stack: MetaqStack;
let template: Template;
let outdir: string;

beforeAll(() => {
  ({ stack, template, outdir } = synthStack());
});

describe('Construct: Data', () => {
  it('keeps sessions on demand, with TTL on expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'metaq-sessions',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('keeps queries with point-in-time recovery and the byDay index', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'metaq-queries',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'queryId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byDay',
          KeySchema: [
            { AttributeName: 'day', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
        }),
      ],
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('keeps the catalog by name', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'metaq-catalog',
      KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('encrypts the results bucket, blocks public access and expires results', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'expire-results', ExpirationInDays: 30, Status: 'Enabled' })],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'results/' }),
    });
  });

  it('refuses TLS-less access to the results bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: stack.getLogicalId(stack.data.results.node.defaultChild as never) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('takes the retention from its props, and refuses a bad one', () => {
    const { template: week } = synthStack({ resultsRetentionDays: 7 });
    week.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
    });
    expect(() => synthStack({ resultsRetentionDays: 0 })).toThrow(
      'resultsRetentionDays must be a whole number of days, at least 1 (got 0)',
    );
  });
});

describe('Construct: Workflow', () => {
  it('is a Standard state machine from the ASL file, logging ALL with execution data, traced', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'metaq-query',
      StateMachineType: 'STANDARD',
      DefinitionS3Location: Match.objectLike({ Key: Match.stringLikeRegexp('\\.json$') }),
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('runs every handler on Node.js 22, arm64, with the state timeout and the stack settings', () => {
    for (const [state, seconds] of Object.entries({
      Optimize: 60,
      Provision: 120,
      Collect: 120,
      Teardown: 120,
    })) {
      const fn = stack.workflow.handlers[state as 'Optimize'];
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Handler: `index.${state.charAt(0).toLowerCase()}${state.slice(1)}Handler`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Timeout: seconds,
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
        Environment: {
          Variables: Match.objectLike({
            METAQ_DEFAULT_PLATFORM: 'lambda',
            METAQ_SESSIONS_TABLE: Match.anyValue(),
            METAQ_QUERIES_TABLE: Match.anyValue(),
            METAQ_CATALOG_TABLE: Match.anyValue(),
            METAQ_RESULTS_BUCKET: Match.anyValue(),
            METAQ_WORKER_FUNCTIONS: Match.anyValue(),
            METAQ_ECS_CLUSTER: Match.anyValue(),
            METAQ_ECS_TASK_DEFINITIONS: Match.anyValue(),
            METAQ_ECS_SUBNETS: Match.anyValue(),
            METAQ_ECS_SECURITY_GROUPS: Match.anyValue(),
          }),
        },
      });
      expect(fn).toBeDefined();
    }
  });

  it('tears down executions that were stopped, timed out or failed', () => {
    const machine = stack.getLogicalId(stack.workflow.stateMachine.node.defaultChild as never);
    const target = stack.getLogicalId(stack.workflow.teardownOnStop.node.defaultChild as never);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['ABORTED', 'TIMED_OUT', 'FAILED'], stateMachineArn: [{ Ref: machine }] },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [target, 'Arn'] }, RetryPolicy: Match.anyValue() })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [target, 'Arn'] },
    });
  });
});

describe('Construct: Workers', () => {
  it('has one arm64 image function per memory size, started once (no async retries)', () => {
    const images = template.findResources('AWS::Lambda::Function', { Properties: { PackageType: 'Image' } });
    const sizes = Object.values(images).map((fn) => fn.Properties.MemorySize);
    // One set of sizes per engine that runs on Lambda (the single-process ones).
    const lambdaEngines = Object.keys(stack.workers.functions).length;
    expect(lambdaEngines).toBeGreaterThanOrEqual(1);
    const expected = WORKER_MEMORY_SIZES.flatMap((size) => Array<number>(lambdaEngines).fill(size));
    expect(sizes.sort((a, b) => a - b)).toEqual(expected);
    for (const fn of Object.values(images)) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], Timeout: 900 });
      // DuckDB spills to /tmp past its memory: the default 512 MB would end a query that spills.
      const tmp = fn.Properties.EphemeralStorage.Size;
      expect(tmp).toBe(workerTmpMb(fn.Properties.MemorySize));
      expect(tmp).toBeGreaterThanOrEqual(Math.min(10_240, 2 * fn.Properties.MemorySize));
      expect(fn.Properties.Environment.Variables).toMatchObject({ METAQ_ENGINES_DIR: '/opt/metaq/engines' });
    }
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', expected.length);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      Qualifier: '$LATEST',
    });
  });

  it('without the reflector: distributed engines on ECS only, no reflector, the handlers told so', () => {
    expect(Object.keys(stack.workers.functions).sort()).toEqual(['clickhouse', 'databend', 'duckdb']);
    expect(stack.reflector).toBeUndefined();
    template.resourceCountIs('AWS::ECS::Service', 0);
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(15);
    for (const fn of functions) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      expect(variables.METAQ_LAMBDA_OVERLAY).toBeUndefined();
      expect(variables.METAQ_NETWORK).toBeUndefined();
    }
  });

  it('runs the same image on Fargate (arm64) with a plain node entry point, as the image’s unprivileged user', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'worker',
          EntryPoint: ['node', '/var/task/worker.js'],
          User: 'metaq',
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('costs nothing while idle: no NAT gateway, gateway endpoints for S3 and DynamoDB', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 0,
      ToPort: 65535,
      SourceSecurityGroupId: Match.anyValue(),
    });
  });

  it('builds one image per engine from images/<engine> with the repository as context, not at synth time', () => {
    const assets = JSON.parse(readFileSync(path.join(outdir, 'Metaq.assets.json'), 'utf8'));
    const images = Object.values(assets.dockerImages) as {
      source: { directory: string; dockerFile: string; platform: string };
    }[];
    const files = images.map((image) => image.source.dockerFile).sort();
    expect(files).toEqual(
      enginesWithImages()
        .map((engine) => `images/${engine}/Dockerfile`)
        .sort(),
    );
    expect(files).toContain('images/duckdb/Dockerfile');
    for (const image of images) expect(image.source.platform).toBe('linux/arm64');
    const context = readdirSync(path.join(outdir, images[0].source.directory)).sort();
    expect(context).toEqual([
      'handlers',
      'images',
      'package-lock.json',
      'package.json',
      'src',
      'tsconfig.json',
    ]);
  });
});

describe('The engines cdk deploy builds images for (metaq:engines)', () => {
  const withImages = ['duckdb', 'spark', 'drill'] as never[];
  it('is DuckDB alone unless asked', () => {
    expect(enginesFromContext(undefined, withImages)).toEqual(['duckdb']);
    expect(enginesFromContext('', withImages)).toEqual(['duckdb']);
  });
  it('takes a list or all', () => {
    expect(enginesFromContext('duckdb, spark', withImages)).toEqual(['duckdb', 'spark']);
    expect(enginesFromContext(['drill'], withImages)).toEqual(['drill']);
    expect(enginesFromContext('all', withImages)).toEqual(withImages);
  });
  it('refuses an engine without an image, naming the setting and the choices', () => {
    expect(() => enginesFromContext('duckdb,flink', withImages)).toThrow(
      'metaq:engines: "flink" is not an engine with an image; give some of duckdb, spark, drill, or all',
    );
  });
});

describe('Construct: Api', () => {
  it("keeps the account's API Gateway logging role when the stack goes", () => {
    // One role per account and region, which other APIs may log through.
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
        }),
        ManagedPolicyArns: Match.anyValue(),
      },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    for (const role of Object.values(roles)) expect(role.DeletionPolicy).toBe('Retain');
    for (const account of Object.values(template.findResources('AWS::ApiGateway::Account')))
      expect(account.DeletionPolicy).toBe('Retain');
  });

  it('starts executions through the Step Functions integration, IAM-signed', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      Integration: Match.objectLike({
        Type: 'AWS',
        IntegrationHttpMethod: 'POST',
        Uri: { 'Fn::Join': ['', Match.arrayWith([':apigateway:eu-central-1:states:action/StartExecution'])] },
      }),
    });
    const request = startExecutionTemplate('arn:machine');
    expect(request).toContain('"stateMachineArn": "arn:machine"');
    expect(request).toContain('"name": "q-$context.requestId"');
    expect(request).toContain(`"input": "$util.escapeJavaScript($input.json('$'))`);
  });

  it('returns a history record on GET /queries/{id}, IAM-signed', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'AWS_IAM',
      Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{id}' });
  });

  it('logs access and validates requests', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ LoggingLevel: 'INFO' })],
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });
});

describe('Construct: MetaqStack', () => {
  it('refuses a prefix that cannot name tables', () => {
    expect(() => synthStack({ prefix: 'Metaq_Prod' })).toThrow(
      'prefix must be lower-case letters, digits and -, starting with a letter (got "Metaq_Prod")',
    );
  });

  it('names its resources with the prefix', () => {
    const { template: other } = synthStack({ prefix: 'analytics' });
    other.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'analytics-queries' });
    other.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'analytics-query' });
  });
});
